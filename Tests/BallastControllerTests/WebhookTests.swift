import BallastController
import Foundation
import Testing

@Suite("POST /hooks/git on the real HTTP server")
struct WebhookTests {
    static let secret = Array("It's a Secret to Everybody".utf8)

    static func verifier() throws -> WebhookVerifier {
        try WebhookVerifier(secret: secret)
    }

    static func push(_ ref: String = "refs/heads/main") -> [UInt8] {
        Array(#"{"ref":"\#(ref)","before":"0000","after":"1111","repository":{"full_name":"acme/shop"}}"#.utf8)
    }

    static func headers(
        body: [UInt8], event: String = "push", delivery: String = UUID().uuidString, secret: [UInt8] = secret
    ) -> [String: String] {
        [
            "X-Hub-Signature-256": WebhookVerifier.signature(of: body, secret: secret),
            "X-GitHub-Event": event,
            "X-GitHub-Delivery": delivery,
            "Content-Type": "application/json",
        ]
    }

    @Test("GitHub's published example signature verifies")
    func githubExample() {
        // docs.github.com, "Validating webhook deliveries": secret "It's a Secret to Everybody",
        // payload "Hello, World!".
        #expect(
            WebhookVerifier.signature(of: Array("Hello, World!".utf8), secret: Self.secret)
                == "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")
    }

    @Test("a correctly signed push triggers exactly one reconcile of its branch")
    func signedPush() async throws {
        try await RunningServer.with(webhook: try Self.verifier()) { server in
            let body = Self.push("refs/heads/main")
            let response = try await server.request("POST", "hooks/git", headers: Self.headers(body: body), body: body)
            #expect(response.status == 202)
            #expect(await server.pushes.branches == ["main"])
        }
    }

    @Test("a wrong signature is 401 and triggers nothing, nor burns the delivery id")
    func wrongSignature() async throws {
        try await RunningServer.with(webhook: try Self.verifier()) { server in
            let body = Self.push()
            let delivery = UUID().uuidString
            let forged = Self.headers(body: body, delivery: delivery, secret: Array("guess".utf8))
            let response = try await server.request("POST", "hooks/git", headers: forged, body: body)
            #expect(response.status == 401)
            #expect(response.text.contains("signature does not match"))
            #expect(await server.pushes.branches.isEmpty)

            var tampered = Self.headers(body: body, delivery: delivery)
            let other = Self.push("refs/heads/dev")
            tampered["X-GitHub-Event"] = "push"
            #expect(try await server.request("POST", "hooks/git", headers: tampered, body: other).status == 401)
            #expect(await server.pushes.branches.isEmpty)

            let genuine = try await server.request(
                "POST", "hooks/git", headers: Self.headers(body: body, delivery: delivery), body: body)
            #expect(genuine.status == 202)
            #expect(await server.pushes.branches == ["main"])
        }
    }

    @Test(
        "a missing or malformed signature is 401 and triggers nothing",
        arguments: [nil, "", "sha1=abc", "sha256=", "sha256=zz", "sha256=" + String(repeating: "a", count: 63)])
    func missingSignature(header: String?) async throws {
        try await RunningServer.with(webhook: try Self.verifier()) { server in
            let body = Self.push()
            var headers = Self.headers(body: body)
            headers["X-Hub-Signature-256"] = header
            let response = try await server.request("POST", "hooks/git", headers: headers, body: body)
            #expect(response.status == 401)
            #expect(await server.pushes.branches.isEmpty)
        }
    }

    @Test("a replayed delivery id is refused with 409 and triggers nothing more")
    func replay() async throws {
        try await RunningServer.with(webhook: try Self.verifier()) { server in
            let body = Self.push()
            let headers = Self.headers(body: body, delivery: "72d3162e-cc78-11e3-81ab-4c9367dc0958")
            #expect(try await server.request("POST", "hooks/git", headers: headers, body: body).status == 202)
            let again = try await server.request("POST", "hooks/git", headers: headers, body: body)
            #expect(again.status == 409)
            #expect(again.text.contains("replay"))
            #expect(await server.pushes.branches == ["main"])
        }
    }

    @Test("only the last N delivery ids are remembered")
    func boundedMemory() async throws {
        let verifier = try WebhookVerifier(secret: Self.secret, deliveryMemory: 2)
        let body = Self.push()
        func deliver(_ id: String) async throws -> WebhookEvent {
            try await verifier.verify(
                WebhookDelivery(
                    signatures: [WebhookVerifier.signature(of: body, secret: Self.secret)], deliveryID: id,
                    event: "push", body: body))
        }
        #expect(try await deliver("a") == .push(branch: "main"))
        #expect(try await deliver("b") == .push(branch: "main"))
        await #expect(throws: WebhookError.replayedDelivery) { try await deliver("b") }
        #expect(try await deliver("c") == .push(branch: "main"))
        #expect(try await deliver("a") == .push(branch: "main"), "a was forgotten when c came")
    }

    @Test("a 2 MiB body is refused with 413 and triggers nothing")
    func hugeBody() async throws {
        try await RunningServer.with(webhook: try Self.verifier()) { server in
            var body = Self.push()
            body.removeLast()
            body +=
                Array(#","padding":""#.utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 2 << 20)
                + Array(#""}"#.utf8)
            let response = try await server.request("POST", "hooks/git", headers: Self.headers(body: body), body: body)
            #expect(response.status == 413)
            #expect(await server.pushes.branches.isEmpty)
        }
    }

    @Test("a 2 MiB chunked body (no Content-Length) is refused while it is read")
    func hugeChunkedBody() async throws {
        try await RunningServer.with(webhook: try Self.verifier()) { server in
            let body = [UInt8](repeating: UInt8(ascii: "x"), count: 2 << 20)
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("ballast-webhook-\(UUID()).bin")
            try Data(body).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            var arguments = ["-sS", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", "-T", file.path]
            arguments += ["-H", "Transfer-Encoding: chunked", "-H", "Expect:"]
            for (name, value) in Self.headers(body: body) { arguments += ["-H", "\(name): \(value)"] }
            arguments.append(server.base.appendingPathComponent("hooks/git").absoluteString)
            let status = try runCurl(arguments)
            #expect(status == "413")
            #expect(await server.pushes.branches.isEmpty)
        }
    }

    @Test(
        "a signed body that is not a push payload is 400 and triggers nothing",
        arguments: [
            "{not json", "[]", #"{"before":"0000"}"#, #"{"ref":42}"#, #"{"ref":"main"}"#, #"{"ref":"refs/heads/"}"#, "",
        ])
    func malformedJSON(payload: String) async throws {
        try await RunningServer.with(webhook: try Self.verifier()) { server in
            let body = Array(payload.utf8)
            let response = try await server.request("POST", "hooks/git", headers: Self.headers(body: body), body: body)
            #expect(response.status == 400)
            #expect(response.text.contains("malformed push payload"))
            #expect(await server.pushes.branches.isEmpty)
        }
    }

    @Test("ping is answered 200 pong and triggers nothing; other events and tags are ignored")
    func pingAndOthers() async throws {
        try await RunningServer.with(webhook: try Self.verifier()) { server in
            let ping = Array(#"{"zen":"Keep it logically awesome.","hook_id":1}"#.utf8)
            let pong = try await server.request(
                "POST", "hooks/git", headers: Self.headers(body: ping, event: "ping"), body: ping)
            #expect(pong.status == 200)
            #expect(pong.text == "pong\n")

            let issue = Self.push()
            let ignored = try await server.request(
                "POST", "hooks/git", headers: Self.headers(body: issue, event: "issues"), body: issue)
            #expect(ignored.status == 200)

            let tag = Self.push("refs/tags/v1.0.0")
            #expect(
                try await server.request("POST", "hooks/git", headers: Self.headers(body: tag), body: tag).status == 200
            )
            #expect(await server.pushes.branches.isEmpty)
        }
    }

    @Test("missing delivery id or event header is 400")
    func missingHeaders() async throws {
        try await RunningServer.with(webhook: try Self.verifier()) { server in
            let body = Self.push()
            for name in ["X-GitHub-Delivery", "X-GitHub-Event"] {
                var headers = Self.headers(body: body)
                headers[name] = nil
                let response = try await server.request("POST", "hooks/git", headers: headers, body: body)
                #expect(response.status == 400, "without \(name)")
            }
            #expect(await server.pushes.branches.isEmpty)
        }
    }

    @Test("without a secret the webhook is not offered")
    func disabled() async throws {
        try await RunningServer.with(webhook: nil) { server in
            let body = Self.push()
            let response = try await server.request("POST", "hooks/git", headers: Self.headers(body: body), body: body)
            #expect(response.status == 404)
            #expect(await server.pushes.branches.isEmpty)
        }
    }

    @Test("neither the secret nor any signature appears in responses or logs")
    func secretNeverLeaks() async throws {
        let logs = LogCapture()
        let verifier = try Self.verifier()
        #expect(!"\(verifier)".contains("Secret to Everybody"))
        let responses = try await RunningServer.with(webhook: verifier, logs: logs) { server in
            var texts: [String] = []
            let body = Self.push()
            for headers in [
                Self.headers(body: body, secret: Array("guess".utf8)), Self.headers(body: body),
                Self.headers(body: Array("{x".utf8)),
            ] {
                texts.append(try await server.request("POST", "hooks/git", headers: headers, body: body).text)
            }
            return texts
        }
        let expected = WebhookVerifier.signature(of: Self.push(), secret: Self.secret).dropFirst("sha256=".count)
        let forged = WebhookVerifier.signature(of: Self.push(), secret: Array("guess".utf8)).dropFirst("sha256=".count)
        for text in responses + logs.all {
            #expect(!text.contains("Secret to Everybody"))
            #expect(!text.contains(expected))
            #expect(!text.contains(forged))
        }
        #expect(logs.all.contains { $0.contains("webhook rejected") })
    }
}

/// Runs curl with `arguments` and returns what it printed.
func runCurl(_ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/curl") else {
        throw TestFailure("this test needs curl: apt-get install curl")
    }
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
}

@Suite("the bridge from webhook to reconcile loop")
struct PushTriggersTests {
    @Test("branches sent arrive in order; a full buffer keeps the newest")
    func bridge() async {
        let triggers = PushTriggers(buffer: 2)
        let onPush: @Sendable (String) async -> Void = triggers.send
        await onPush("main")
        await onPush("dev")
        await onPush("main")
        triggers.finish()
        var received: [String] = []
        for await branch in triggers.branches { received.append(branch) }
        #expect(received == ["dev", "main"])
    }
}

import BallastController
import BallastPlan
import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite("status endpoints of the real HTTP server")
struct StatusEndpointTests {
    static let time = Date(timeIntervalSince1970: 1_790_000_000)

    static let prod = StageStatus(
        stage: "prod", phase: .progressing, reason: .rollingOut, message: "orders at 10%",
        revision: "0123456789abcdef0123456789abcdef01234567", time: time, planSummary: "1 stack to update",
        stacks: ["shop-prod-network": "UPDATE_COMPLETE", "shop-prod-api": "UPDATE_IN_PROGRESS"],
        rollouts: [.init(function: "orders", from: "3", to: "4", weight: 10, phase: "progressing")],
        firingAlarms: [], lastError: nil
    )
    static let dev = StageStatus(
        stage: "dev", phase: .failed, reason: .stackFailed, message: "shop-dev-api rolled back",
        revision: "89abcdef0123456789abcdef0123456789abcdef", time: time.addingTimeInterval(60),
        stacks: ["shop-dev-api": "UPDATE_ROLLBACK_COMPLETE"], rollouts: [], firingAlarms: ["shop-dev-api-5xx"],
        lastError: ErrorReport(
            message:
                "CloudFormation UpdateStack failed: ValidationError (HTTP 400): Template format error [request r-1]",
            service: "CloudFormation", operation: "UpdateStack", code: "ValidationError", requestId: "r-1")
    )

    @Test("/healthz answers 200 while the process runs")
    func healthz() async throws {
        try await RunningServer.with { server in
            let response = try await server.request("GET", "healthz")
            #expect(response.status == 200)
        }
    }

    @Test("/readyz answers 503 until the first successful fetch, then 200")
    func readyz() async throws {
        let store = StatusStore(time: Self.time)
        try await RunningServer.with(store: store) { server in
            let before = try await server.request("GET", "readyz")
            #expect(before.status == 503)
            await store.markReady()
            let after = try await server.request("GET", "readyz")
            #expect(after.status == 200)
        }
    }

    @Test("/status is JSON that decodes to the statuses in the store, keys sorted, dates ISO 8601")
    func statusDocument() async throws {
        let store = StatusStore(stages: ["dev", "prod", "staging"], time: Self.time)
        await store.update(Self.prod)
        await store.update(Self.dev)
        await store.markReady()
        try await RunningServer.with(store: store) { server in
            let response = try await server.request("GET", "status")
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "application/json")
            let document = try StatusDocument.decoder.decode(StatusDocument.self, from: response.body)
            #expect(document.ready)
            #expect(document.stages["prod"] == Self.prod)
            #expect(document.stages["dev"] == Self.dev)
            #expect(document.stages["staging"] == StageStatus(stage: "staging", phase: .unknown, time: Self.time))
            #expect(response.text.contains("\"time\" : \"2026-09-21T"))
            // The single form keeps its top-level fields; the applications and the shard are added.
            #expect(Self.topLevelKeys(response.text) == ["applications", "ready", "shard", "stages"])
            #expect(document.applications?.keys.sorted() == ["default"])
            #expect(document.applications?["default"]?.stages == document.stages)
            #expect(document.applications?["default"]?.reconciledHere == true)
            #expect(document.shard == StatusDocument.ShardInfo(index: 0, count: 1))
        }
    }

    @Test("/ serves the status page as HTML with every stage; a path that does not exist is 404 with a short text")
    func statusPage() async throws {
        let store = StatusStore(stages: ["staging"], time: Self.time)
        await store.update(Self.prod)
        await store.update(Self.dev)
        await store.setProblem("fetching https://***@example.com/r.git: <refused>")
        try await RunningServer.with(store: store) { server in
            let response = try await server.request("GET", "")
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "text/html; charset=utf-8")
            for stage in ["dev", "prod", "staging"] { #expect(response.text.contains("id=\"stage-\(stage)\"")) }
            #expect(response.text.contains("fetching https://***@example.com/r.git: &lt;refused&gt;"))
            #expect(response.text.contains("<h3>Last reconciles</h3>"), "prod and dev were updated")
            let missing = try await server.request("GET", "nowhere/at/all")
            #expect(missing.status == 404)
            #expect(missing.text.hasPrefix("no such page; there are /, /status"), "\(missing.text)")
            #expect(missing.headers["content-type"] == "text/plain; charset=utf-8")
        }
    }

    @Test("/status/<stage> serves one stage; a stage not known is 404")
    func oneStage() async throws {
        let store = StatusStore(time: Self.time)
        await store.update(Self.prod)
        try await RunningServer.with(store: store) { server in
            let response = try await server.request("GET", "status/prod")
            #expect(response.status == 200)
            #expect(try StatusDocument.decoder.decode(StageStatus.self, from: response.body) == Self.prod)
            let keys = Self.topLevelKeys(response.text)
            #expect(keys == keys.sorted(), "keys are sorted")
            #expect(keys.contains("planSummary") && keys.contains("firingAlarms"))
            #expect(try await server.request("GET", "status/nowhere").status == 404)
        }
    }

    /// The keys of the outermost object of pretty-printed JSON, in the order they appear.
    static func topLevelKeys(_ json: String) -> [String] {
        json.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("  \""), !line.hasPrefix("   ") else { return nil }
            return line.dropFirst(3).split(separator: "\"").first.map(String.init)
        }
    }

    @Test("/badge/prod.svg is valid SVG showing the stage and its phase, never cached")
    func badge() async throws {
        let store = StatusStore(time: Self.time)
        await store.update(Self.prod)
        await store.update(Self.dev)
        try await RunningServer.with(store: store) { server in
            let prod = try await server.request("GET", "badge/prod.svg")
            #expect(prod.status == 200)
            #expect(prod.headers["content-type"]?.hasPrefix("image/svg+xml") == true)
            #expect(prod.headers["cache-control"] == "no-cache")
            let svg = try SVGText(prod.body)
            #expect(svg.root == "svg")
            #expect(svg.texts.contains("prod"))
            #expect(svg.texts.contains("rolling out 10%"))
            #expect(svg.fills.contains(Badge.color(for: .progressing)))

            let dev = try SVGText(try await server.request("GET", "badge/dev.svg").body)
            #expect(dev.texts.contains("failed"))
            #expect(dev.fills.contains(Badge.color(for: .failed)))
        }
    }

    @Test("a badge for a stage not known is a grey 'unknown' badge, not a 404")
    func unknownBadge() async throws {
        try await RunningServer.with { server in
            let response = try await server.request("GET", "badge/qa.svg")
            #expect(response.status == 200)
            let svg = try SVGText(response.body)
            #expect(svg.texts.contains("qa"))
            #expect(svg.texts.contains("unknown"))
            #expect(svg.fills.contains(Badge.color(for: .unknown)))
        }
    }
}

/// The root element, the `<text>` contents and the `fill` attributes of an SVG document, as
/// `XMLParser` reads it; init throws if it is not well-formed XML.
struct SVGText {
    var root: String?
    var texts: [String] = []
    var fills: Set<String> = []

    init(_ data: Data) throws {
        let delegate = Delegate()
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        guard parser.parse() else {
            throw TestFailure("not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "?")")
        }
        root = delegate.root
        texts = delegate.texts
        fills = delegate.fills
    }

    private final class Delegate: NSObject, XMLParserDelegate {
        var root: String?
        var texts: [String] = []
        var fills: Set<String> = []
        private var current: String?

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            if root == nil { root = name }
            if let fill = attributes["fill"] { fills.insert(fill) }
            if name == "text" { current = "" }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            current? += string
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "text", let text = current { texts.append(text) }
            current = nil
        }
    }
}

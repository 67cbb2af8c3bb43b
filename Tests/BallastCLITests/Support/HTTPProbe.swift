import Foundation

/// HTTP requests to the controller, through curl.
enum HTTPProbe {
    struct Response {
        var status: Int
        var body: String
    }

    static func request(_ url: String, method: String = "GET", headers: [String] = [], body: String? = nil) throws
        -> Response
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        var arguments = ["curl", "-s", "-X", method, "-w", "\n%{http_code}", url]
        for header in headers { arguments += ["-H", header] }
        if let body { arguments += ["--data-binary", body] }
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return Response(
            status: Int(lines.last ?? "") ?? 0, body: lines.dropLast().joined(separator: "\n"))
    }

    /// The stage's entry in `GET /status`.
    static func stage(_ name: String, port: Int) throws -> [String: Any] {
        let response = try request("http://127.0.0.1:\(port)/status")
        let document = try? JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any]
        return (document?["stages"] as? [String: Any])?[name] as? [String: Any] ?? [:]
    }

    /// Whether every stage in `commits` is synced at its commit (false when the controller does
    /// not answer).
    static func isSynced(_ commits: [String: String], port: Int) -> Bool {
        commits.allSatisfy { stage, commit in
            let status = (try? Self.stage(stage, port: port)) ?? [:]
            return status["phase"] as? String == "synced" && status["revision"] as? String == commit
        }
    }
}

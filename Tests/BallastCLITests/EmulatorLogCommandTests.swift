import BallastTestSupport
import Foundation
import Testing

/// `diff --output markdown` and the log flags of the commands that reach AWS, against the
/// emulator with dev deployed from `ballast synth` output (the world of `DiffCommandTests`).
@Suite("markdown plans and structured logs against the emulator", .serialized)
struct EmulatorLogCommandTests {
    @Test("diff --output markdown: the comment on standard output, the change in it, Git's text inert")
    func markdown() throws {
        let world = try DiffCommandTests()
        try world.edit("functions/orders.yaml") {
            $0.replacingOccurrences(of: "memoryMiB: 256", with: "memoryMiB: 384")
                .replacingOccurrences(of: "LOG_LEVEL: debug", with: #"LOG_LEVEL: "<script>alert(1)</script>""#)
        }
        let result = try world.ballast(["diff", "--stage", "dev", "--output", "markdown", "--detailed-exitcode"])
        #expect(result.status == 2, "\(result.standardError)")
        let text = result.standardOutput
        #expect(
            text.hasPrefix("**Ballast Plan: 0 to add, 1 to change, 0 to replace, 0 to delete; 1 rollout**"), "\(text)")
        #expect(text.contains("### Stage dev (us\\-east\\-1): Plan: 0 to add, 1 to change"), "\(text)")
        #expect(text.contains("- **update** stack shop\\-dev\\-compute (1 changed)"), "\(text)")
        #expect(text.contains("  - Properties\\.MemorySize: 256 → 384"), "\(text)")
        #expect(text.contains("&lt;script&gt;alert\\(1\\)&lt;\\/script&gt;"), "\(text)")
        #expect(!text.contains("<script"), "\(text)")
        #expect(text.contains("- **rollout** orders from version 1"), "\(text)")
        #expect(result.standardError.isEmpty, "\(result.standardError)")
    }

    /// Every line of standard error as a JSON object.
    static func events(_ result: BallastExecutable.Result) -> [[String: Any]] {
        LogFlagsCommandTests.jsonLines(result.standardError)
    }

    @Test("diff, status, promote and reconcile: JSON events with their fields; the result stays on standard output")
    func jsonLogs() throws {
        let world = try DiffCommandTests()
        let diff = try world.ballast([
            "diff", "--stage", "dev", "--output", "json", "--log-level", "debug", "--log-format", "json",
        ])
        #expect(diff.status == 0, "\(diff.standardError)")
        #expect((try? JSONSerialization.jsonObject(with: Data(diff.standardOutput.utf8))) != nil)
        let requests = Self.events(diff).filter { $0["message"] as? String == "AWS request" }
        #expect(
            requests.contains {
                $0["service"] as? String == "CloudFormation" && $0["operation"] as? String == "DescribeStacks"
            }, "\(diff.standardError)")
        #expect(requests.allSatisfy { $0["level"] as? String == "debug" })

        let environment = BallastExecutable.awsEnvironment(
            endpoint: world.proxy.url, home: world.folder, extra: ["BALLAST_LOG_LEVEL": "debug"])
        let status = try BallastExecutable.run(
            ["status", "--stage", "dev", "--log-format", "json", "--desired", world.desired.path],
            environment: environment)
        #expect(status.status == 0, "\(status.standardError)")
        #expect((try? JSONSerialization.jsonObject(with: Data(status.standardOutput.utf8))) != nil)
        #expect(Self.events(status).contains { $0["operation"] as? String == "GetAlias" }, "\(status.standardError)")

        // A refusal ends the command with a JSON error event too.
        let promote = try world.ballast(["promote", "orders", "--stage", "dev", "--log-format", "json"])
        #expect(promote.status == 1)
        let last = Self.events(promote).last
        #expect(last?["level"] as? String == "error", "\(promote.standardError)")
        #expect((last?["message"] as? String)?.contains("no rollout in progress") == true, "\(promote.standardError)")

        try world.edit("functions/orders.yaml") {
            $0.replacingOccurrences(of: "memoryMiB: 256", with: "memoryMiB: 384")
        }
        let reconcile = try world.ballast(["reconcile", "--stage", "dev", "--log-format", "json"])
        #expect(reconcile.status == 0, "\(reconcile.standardError)")
        #expect(reconcile.standardOutput.contains("stage dev: Plan: 0 to add, 1 to change"))
        let events = Self.events(reconcile)
        let executing = events.first { ($0["message"] as? String)?.hasPrefix("executing update") == true }
        #expect(executing?["stack"] as? String == "shop-dev-compute", "\(reconcile.standardError)")
        #expect(executing?["application"] as? String == "shop")
        #expect(executing?["stage"] as? String == "dev")
        let shifted = events.first { ($0["message"] as? String)?.hasPrefix("all traffic on version") == true }
        #expect(shifted?["function"] as? String == "shop-dev-orders", "\(reconcile.standardError)")
        #expect(shifted?["stage"] as? String == "dev")
        #expect(shifted?["version"] as? String == "2")
        // The function or stack an event is about is a field, not the start of its message.
        let prefixed = events.filter { event in
            let message = event["message"] as? String ?? ""
            return ["function", "stack"].contains { key in
                (event[key] as? String).map { message.hasPrefix($0 + ":") } ?? false
            }
        }
        #expect(prefixed.isEmpty, "\(prefixed)")
    }
}

import BallastTestSupport
import Foundation
import Testing

/// `--log-level`, `BALLAST_LOG_LEVEL` and `--log-format` on every command: logs on standard
/// error, one event a line, JSON lines that parse; a bad value refused in one line naming the
/// flag or variable and what is allowed, before anything runs.
@Suite("log flags on every command")
struct LogFlagsCommandTests {
    /// Each command with the arguments it needs to get past parsing.
    static let commands: [[String]] = [
        ["validate", "--desired", UsageErrorTests.desired],
        ["synth", "--out", "/nonexistent/out", "--desired", UsageErrorTests.desired],
        ["diff", "--desired", UsageErrorTests.desired], ["reconcile", "--desired", UsageErrorTests.desired],
        ["status", "--desired", UsageErrorTests.desired], ["run", "--remote", "/nonexistent/remote.git"],
        [
            "approve", "--repo", "/nonexistent/remote.git", "--stage", "dev", "--commit",
            String(repeating: "a", count: 40), "--plan", String(repeating: "b", count: 16),
        ],
        ["promote", "orders", "--stage", "dev", "--desired", UsageErrorTests.desired],
        ["abort", "orders", "--stage", "dev", "--desired", UsageErrorTests.desired],
    ]

    static var environment: [String: String] { UsageErrorTests.environment }

    /// Every line of `text` parsed as a JSON object; a line that is not one fails the test.
    static func jsonLines(_ text: String) -> [[String: Any]] {
        text.split(separator: "\n").compactMap { line in
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object != nil, "not a JSON object: \(line)")
            return object
        }
    }

    @Test("every command documents the log flags", arguments: commands)
    func help(_ command: [String]) throws {
        let result = try BallastExecutable.run([command[0], "--help"], environment: Self.environment)
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("--log-level"), "\(result.standardOutput)")
        #expect(result.standardOutput.contains("--log-format"), "\(result.standardOutput)")
    }

    @Test("a bad --log-level, BALLAST_LOG_LEVEL or --log-format is refused before anything runs", arguments: commands)
    func refused(_ command: [String]) throws {
        let levels = "trace, debug, info, notice, warning, error, critical"
        let cases: [([String], [String: String], String)] = [
            (["--log-level", "loud"], [:], "Error: --log-level must be one of \(levels), found 'loud'"),
            ([], ["BALLAST_LOG_LEVEL": "chatty"], "Error: BALLAST_LOG_LEVEL must be one of \(levels), found 'chatty'"),
            (["--log-format", "xml"], [:], "Error: --log-format must be one of text, json, found 'xml'"),
        ]
        for (flags, variables, message) in cases {
            let result = try BallastExecutable.run(
                command + flags,
                environment: Self.environment.merging(variables) { $1 })
            #expect(result.status == 1, "\(command) \(flags): \(result.standardError)")
            #expect(
                result.standardError.split(separator: "\n").first.map(String.init) == message,
                "\(command) \(flags): \(result.standardError)")
            #expect(!result.standardError.contains("127.0.0.1:9"), "AWS was called")
            #expect(result.standardOutput.isEmpty, "\(result.standardOutput)")
        }
    }

    @Test("validate and synth: debug events as JSON lines on standard error, the result alone on standard output")
    func localCommands() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("ballast-logs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let desired = ["--desired", UsageErrorTests.desired]
        let validate = try BallastExecutable.run(
            ["validate", "--output", "json", "--log-level", "debug", "--log-format", "json"] + desired,
            environment: Self.environment)
        #expect(validate.status == 0, "\(validate.standardError)")
        #expect((try? JSONSerialization.jsonObject(with: Data(validate.standardOutput.utf8))) != nil)
        let read = Self.jsonLines(validate.standardError).first { $0["message"] as? String == "desired files read" }
        #expect(read?["level"] as? String == "debug")
        #expect(read?["label"] as? String == "ballast")
        #expect(read?["source"] as? String == UsageErrorTests.desired)
        #expect((read?["timestamp"] as? String)?.hasSuffix("Z") == true)

        let synth = try BallastExecutable.run(
            ["synth", "--stage", "dev", "--out", out.path, "--log-format", "json"] + desired,
            environment: Self.environment.merging(["BALLAST_LOG_LEVEL": "debug"]) { $1 })
        #expect(synth.status == 0, "\(synth.standardError)")
        let loaded = Self.jsonLines(synth.standardError).first { $0["message"] as? String == "desired state read" }
        #expect(loaded?["application"] as? String == "shop")
        #expect(loaded?["stages"] as? [String] == ["dev", "prod"])

        // The flag wins over the variable; info (the default) shows no debug event.
        let quiet = try BallastExecutable.run(
            ["validate", "--log-level", "info"] + desired,
            environment: Self.environment.merging(["BALLAST_LOG_LEVEL": "debug"]) { $1 })
        #expect(quiet.status == 0)
        #expect(!quiet.standardError.contains("desired files read"), "\(quiet.standardError)")
        let text = try BallastExecutable.run(
            ["validate", "--log-level", "debug"] + desired, environment: Self.environment)
        #expect(
            text.standardError.hasPrefix("debug: desired files read files=")
                && text.standardError.contains(" source=\(UsageErrorTests.desired)\n"),
            "\(text.standardError)")
    }

    @Test("an invalid desired state: one JSON error event per problem with --log-format json, plain lines with text")
    func invalidDesiredState() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ballast-logs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let desired = folder.appendingPathComponent("desired")
        try FileManager.default.copyItem(atPath: UsageErrorTests.desired, toPath: desired.path)
        let function = desired.appendingPathComponent("functions/catalog.yaml")
        let text = try String(contentsOf: function, encoding: .utf8)
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).count
        try (text + "bogus: 1\n").write(to: function, atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: desired.appendingPathComponent("databases/main.yaml"))

        for command in [["validate"], ["synth", "--stage", "dev", "--out", folder.appendingPathComponent("out").path]] {
            let json = try BallastExecutable.run(
                command + ["--desired", desired.path, "--log-format", "json"], environment: Self.environment)
            #expect(json.status == 1, "\(command): \(json.standardError)")
            let events = Self.jsonLines(json.standardError)
            #expect(events.count >= 2, "\(command): \(json.standardError)")
            let bogus = events.first { ($0["message"] as? String)?.contains("unknown key 'bogus'") == true }
            #expect(bogus?["level"] as? String == "error", "\(command): \(json.standardError)")
            #expect(bogus?["file"] as? String == desired.path + "/functions/catalog.yaml")
            #expect(bogus?["line"] as? String == "\(line)")
            #expect(bogus?["column"] as? String == "1")

            let plain = try BallastExecutable.run(command + ["--desired", desired.path], environment: Self.environment)
            #expect(plain.status == 1)
            #expect(
                plain.standardError.contains("\(desired.path)/functions/catalog.yaml:\(line):1: unknown key 'bogus'"),
                "\(command): \(plain.standardError)")
        }
    }

    @Test("run: with --log-format json every line the controller writes is a JSON object")
    func runJSON() throws {
        let world = try RunListenTests()
        let aws = try TCPListener()
        let controller = try world.controller(
            listen: "127.0.0.1:0", aws: "http://127.0.0.1:\(aws.port)", cache: world.folder.appendingPathComponent("c"),
            extra: ["--log-format", "json", "--log-level", "debug"])
        _ = try controller.port()
        #expect(controller.terminate() == 0, "\(controller.output)")
        let lines = Self.jsonLines(controller.output)
        let listening = lines.first { ($0["message"] as? String)?.hasPrefix("listening on http://127.0.0.1:") == true }
        #expect(listening?["level"] as? String == "info", "\(controller.output)")
        #expect(listening?["port"] != nil)
        let watching = lines.first {
            $0["message"] as? String == "watching the Git remote (stages from desired/ballast.yaml of the branch)"
        }
        #expect(watching?["remote"] as? String == world.remote.path, "\(controller.output)")
        #expect(watching?["branch"] as? String == "main")
        #expect(lines.contains { $0["message"] as? String == "the reconcile loop stopped" }, "\(controller.output)")
    }
}

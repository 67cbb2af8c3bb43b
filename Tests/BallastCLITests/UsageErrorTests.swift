import BallastTestSupport
import Foundation
import Testing

/// Mistakes on the command line itself: exit 1 as the README says (not ArgumentParser's 64),
/// and an output path that cannot be a folder is one line before any AWS call.
@Suite("usage mistakes on the command line")
struct UsageErrorTests {
    /// An AWS endpoint nothing listens on: a command that reached AWS would fail naming it.
    static let environment = [
        "AWS_ENDPOINT_URL": "http://127.0.0.1:9", "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_REGION": "us-east-1", "NO_COLOR": "1", "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "",
    ]

    static var desired: String { BallastExecutable.repositoryRoot + "/desired" }

    @Test(
        "an unknown option or a failed option check exits 1 with the message and usage",
        arguments: [
            (["validate", "--bogus"], "Unknown option '--bogus'"),
            (["diff", "--repo", "/nonexistent"], "--repo needs --branch"),
            (["reconcile", "--stage"], "Missing value for '--stage"),
        ])
    func usageMistake(arguments: [String], message: String) throws {
        let result = try BallastExecutable.run(arguments, environment: Self.environment)
        #expect(result.status == 1, "\(result.standardError)")
        #expect(result.standardError.contains(message), "\(result.standardError)")
        #expect(result.standardError.contains("Usage:"), "\(result.standardError)")
    }

    @Test("--help still exits 0")
    func help() throws {
        let result = try BallastExecutable.run(["diff", "--help"], environment: Self.environment)
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("--detailed-exitcode"))
    }

    @Test("status --badges naming a file: one line naming it, before AWS is called, no Foundation dump")
    func badgesIsAFile() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("ballast-badges-\(UUID().uuidString)")
        try Data("x".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try BallastExecutable.run(
            ["status", "--desired", Self.desired, "--badges", file.path], environment: Self.environment)
        #expect(result.status == 1)
        let lines = result.standardError.split(separator: "\n")
        #expect(lines.count == 1, "\(result.standardError)")
        #expect(result.standardError.contains("--badges \(file.path): is a file, not a folder"))
        #expect(!result.standardError.contains("NSCocoaErrorDomain"))
        #expect(!result.standardError.contains("127.0.0.1:9"), "AWS was called before the folder was checked")
        #expect(try String(contentsOf: file, encoding: .utf8) == "x")
    }

    @Test("status --badges below a file: the reason the folder cannot be made, in one line")
    func badgesBelowAFile() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("ballast-badges-\(UUID().uuidString)")
        try Data("x".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try BallastExecutable.run(
            ["status", "--desired", Self.desired, "--badges", file.path + "/badges"], environment: Self.environment)
        #expect(result.status == 1)
        #expect(result.standardError.split(separator: "\n").count == 1, "\(result.standardError)")
        #expect(
            result.standardError.contains(
                "--badges \(file.path)/badges: cannot create the folder: \(file.path) is a file"),
            "\(result.standardError)")
        #expect(!result.standardError.contains("NSCocoaErrorDomain"))
    }

    @Test("a password in AWS_ENDPOINT_URL is not printed when the endpoint cannot be reached")
    func endpointPassword() throws {
        var environment = Self.environment
        environment["AWS_ENDPOINT_URL"] = "http://user:s3cret-endpoint@127.0.0.1:9"
        environment["AWS_MAX_ATTEMPTS"] = "1"
        let result = try BallastExecutable.run(
            ["diff", "--desired", Self.desired, "--stage", "dev"], environment: environment)
        #expect(result.status == 1)
        #expect(result.standardError.contains("127.0.0.1:9"), "\(result.standardError)")
        #expect(!(result.standardError + result.standardOutput).contains("s3cret-endpoint"), "\(result.standardError)")
    }
}

import Foundation

/// Runs the built `ballast` executable, as a user would.
public enum BallastExecutable {
    /// The `ballast` beside the test bundle in the build folder.
    public static var url: URL {
        // The test bundle sits in the build folder next to the executables.
        var candidate = Bundle.main.bundleURL
        while candidate.path != "/" {
            let executable = candidate.appendingPathComponent("ballast")
            if FileManager.default.isExecutableFile(atPath: executable.path) { return executable }
            candidate.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: "ballast")
    }

    /// How one command ended and what it printed.
    public struct Result: Sendable {
        public var status: Int32
        public var standardOutput: String
        public var standardError: String
    }

    /// The environment of a `ballast` that reaches AWS at `endpoint` with test credentials, home
    /// in `home`, no colours; `extra` adds or overrides variables.
    public static func awsEnvironment(endpoint: String, home: URL, extra: [String: String] = [:]) -> [String: String] {
        [
            "AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_REGION": "us-east-1", "HOME": home.path, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "",
            "NO_COLOR": "1",
        ].merging(extra) { _, new in new }
    }

    /// Runs `ballast arguments…` to its end in `directory` with `environment` (nil: this
    /// process's), blocking this thread.
    public static func run(_ arguments: [String], in directory: String? = nil, environment: [String: String]? = nil)
        throws -> Result
    {
        let finished = try ChildProcess.capture(url.path, arguments, environment: environment, directory: directory)
        return Result(
            status: finished.status, standardOutput: finished.standardOutput, standardError: finished.standardError)
    }

    /// `run(_:in:environment:)`, suspending while the command runs.
    public static func running(
        _ arguments: [String], in directory: String? = nil, environment: [String: String]? = nil
    ) async throws -> Result {
        let finished = try await ChildProcess.captured(
            url.path, arguments, environment: environment, directory: directory)
        return Result(
            status: finished.status, standardOutput: finished.standardOutput, standardError: finished.standardError)
    }

    /// The repository's root folder.
    public static var repositoryRoot: String { RepositoryRoot.path }
}

import Foundation

/// Runs a Python test-support script (or a snippet) to its end and fails on a non-zero exit.
public enum PythonScript {
    /// Runs `script` (a path in the repository) with `arguments`.
    public static func run(_ script: String, _ arguments: [String]) throws {
        _ = try output(script, arguments)
    }

    /// `run(_:_:)`, suspending while the script runs (no thread of the pool blocks).
    public static func running(_ script: String, _ arguments: [String]) async throws {
        _ = try printed(script, try await ChildProcess.captured("python3", [path(script)] + arguments))
    }

    /// Runs a script and returns what it printed; fails on a non-zero exit, quoting its errors.
    public static func output(_ script: String, _ arguments: [String]) throws -> String {
        try printed(script, try ChildProcess.capture("python3", [path(script)] + arguments))
    }

    private static func path(_ script: String) -> String {
        LoopbackPeer.repositoryRoot.appendingPathComponent(script).path
    }

    private static func printed(_ script: String, _ finished: ChildProcess.Finished) throws -> String {
        guard finished.status == 0 else {
            throw LoopbackPeer.Failure(description: "\(script) failed: \(finished.standardError)")
        }
        return finished.standardOutput
    }

    /// Runs Python `code` (with `arguments` as `sys.argv[1:]`) that prints one JSON value, and
    /// returns that value; fails on a non-zero exit.
    public static func jsonPrinted(byCode code: String, _ arguments: [String]) throws -> Any {
        let finished = try ChildProcess.capture("python3", ["-c", code] + arguments)
        guard finished.status == 0 else {
            throw LoopbackPeer.Failure(description: "python failed: \(finished.standardError)")
        }
        return try JSONSerialization.jsonObject(with: finished.output, options: [.fragmentsAllowed])
    }
}

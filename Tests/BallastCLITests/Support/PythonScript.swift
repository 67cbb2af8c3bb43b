import BallastTestSupport
import Foundation

/// Runs a Python test-support script (or a snippet) to its end and fails on a non-zero exit.
enum PythonScript {
    /// Runs `script` (a path in the repository) with `arguments`.
    static func run(_ script: String, _ arguments: [String]) throws {
        _ = try output(script, arguments)
    }

    /// Runs a script and returns what it printed; fails on a non-zero exit, quoting its errors.
    static func output(_ script: String, _ arguments: [String]) throws -> String {
        let finished = try ChildProcess.capture(
            "python3", [LoopbackPeer.repositoryRoot.appendingPathComponent(script).path] + arguments)
        guard finished.status == 0 else {
            throw LoopbackPeer.Failure(description: "\(script) failed: \(finished.standardError)")
        }
        return finished.standardOutput
    }

    /// Runs Python `code` (with `arguments` as `sys.argv[1:]`) that prints one JSON value, and
    /// returns that value; fails on a non-zero exit.
    static func jsonPrinted(byCode code: String, _ arguments: [String]) throws -> Any {
        let finished = try ChildProcess.capture("python3", ["-c", code] + arguments)
        guard finished.status == 0 else {
            throw LoopbackPeer.Failure(description: "python failed: \(finished.standardError)")
        }
        return try JSONSerialization.jsonObject(with: finished.output, options: [.fragmentsAllowed])
    }
}

import BallastTestSupport
import Foundation

/// A short Python script run with boto3 against the AWS emulator, to set up state that Ballast's
/// client has no operation for (an IAM role, a function, an ECR image), or to read back state it
/// has no read for (a bucket's location). Never in place of an operation Ballast's client has.
///
/// The script sees `AWS_ENDPOINT_URL`, test credentials and the region in its environment, so
/// `boto3.client("lambda")` reaches the emulator; what it prints on stdout is returned. Runs on a
/// dedicated thread, never on the cooperative pool.
enum BotoScript {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs `script` and returns its stdout; fails with the script's stderr when it exits
    /// non-zero, and says how to install boto3 when it is missing.
    static func run(_ script: String, endpoint: URL, region: String = "us-east-1") async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result(catching: { try launch(script, endpoint: endpoint, region: region) }))
            }.start()
        }
    }

    /// Runs `script` and decodes its stdout as JSON into `Output`.
    static func run<Output: Decodable>(
        _ script: String, endpoint: URL, region: String = "us-east-1", as type: Output.Type
    ) async throws -> Output {
        let text = try await run(script, endpoint: endpoint, region: region)
        return try JSONDecoder().decode(Output.self, from: Data(text.utf8))
    }

    private static func launch(_ script: String, endpoint: URL, region: String) throws -> String {
        var environment = ProcessInfo.processInfo.environment
        for key in environment.keys where key.hasPrefix("AWS_") { environment[key] = nil }
        environment["AWS_ENDPOINT_URL"] = endpoint.absoluteString
        environment["AWS_ACCESS_KEY_ID"] = "testing"
        environment["AWS_SECRET_ACCESS_KEY"] = "testing"
        environment["AWS_DEFAULT_REGION"] = region
        environment["AWS_REGION"] = region
        environment["AWS_CONFIG_FILE"] = "/dev/null"
        environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null"
        // Output and errors go through files, so that a chatty script cannot block on a full pipe.
        let finished: ChildProcess.Finished
        do {
            finished = try ChildProcess.capture("python3", ["-c", script], environment: environment)
        } catch {
            throw Failure(
                description:
                    "cannot run python3 (\(error)); install Python 3 and \(LoopbackPeer.Command.emulatorInstallHint)"
            )
        }
        guard finished.status == 0 else {
            if finished.standardError.contains("No module named 'boto3'") {
                throw Failure(description: "boto3 is missing: \(LoopbackPeer.Command.emulatorInstallHint)")
            }
            throw Failure(
                description: "the boto3 set-up script failed (status \(finished.status)):\n\(finished.standardError)")
        }
        return finished.standardOutput
    }
}

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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        var environment = ProcessInfo.processInfo.environment
        for key in environment.keys where key.hasPrefix("AWS_") { environment[key] = nil }
        environment["AWS_ENDPOINT_URL"] = endpoint.absoluteString
        environment["AWS_ACCESS_KEY_ID"] = "testing"
        environment["AWS_SECRET_ACCESS_KEY"] = "testing"
        environment["AWS_DEFAULT_REGION"] = region
        environment["AWS_REGION"] = region
        environment["AWS_CONFIG_FILE"] = "/dev/null"
        environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null"
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw Failure(description: "cannot run python3 (\(error)); install Python 3 and \(AWSEmulator.installHint)")
        }
        // Read both pipes to the end before waiting, so that a chatty script cannot block on a full pipe.
        let errorData = Protected(Data())
        let errorsRead = DispatchSemaphore(value: 0)
        Thread {
            let data = errors.fileHandleForReading.readDataToEndOfFile()
            errorData.withLock { $0 = data }
            errorsRead.signal()
        }.start()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        errorsRead.wait()
        process.waitUntilExit()
        let stderr = String(decoding: errorData.withLock { $0 }, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            if stderr.contains("No module named 'boto3'") {
                throw Failure(description: "boto3 is missing: \(AWSEmulator.installHint)")
            }
            throw Failure(
                description: "the boto3 set-up script failed (status \(process.terminationStatus)):\n\(stderr)")
        }
        return String(decoding: outputData, as: UTF8.self)
    }
}

import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `controller/aws-emulator` (moto_server with Ballast's extension) on a free loopback port.
///
/// Started and waited for on a dedicated thread, never on the cooperative pool. The child is
/// started through a Python one-liner that clears the blocked-signal mask first: a process
/// spawned from a Swift concurrency (dispatch) thread inherits SIGTERM and SIGINT blocked, and
/// would otherwise ignore `terminate()`.
final class AWSEmulator: @unchecked Sendable {
    static let installHint = "pip install -r .ci/requirements.txt"

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let endpoint: URL
    private let process: Process

    private init(endpoint: URL, process: Process) {
        self.endpoint = endpoint
        self.process = process
    }

    /// Starts the emulator and waits for its "listening" line; fails, saying how to install
    /// moto, when Python or moto is missing.
    static func start() async throws -> AWSEmulator {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result(catching: { try launch() }))
            }.start()
        }
    }

    private static func launch() throws -> AWSEmulator {
        let script = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("controller/aws-emulator")
        let unblockAndRun =
            "import os, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, []); "
            + "os.execv(sys.executable, [sys.executable] + sys.argv[1:])"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", unblockAndRun, script.path, "--port", "0"]
        let output = Pipe()
        // moto logs every request to stderr: a file, so a full pipe never stalls the emulator.
        let errorLog = FileManager.default.temporaryDirectory.appendingPathComponent(
            "aws-emulator-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: errorLog.path, contents: nil)
        let errors = try FileHandle(forWritingTo: errorLog)
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw Failure(description: "cannot run python3 (\(error)); install Python 3 and \(installHint)")
        }
        let prefix = "aws-emulator listening on "
        var text = ""
        while !text.contains("\n") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }),
            let endpoint = URL(string: String(line.dropFirst(prefix.count)))
        else {
            kill(process.processIdentifier, SIGKILL)
            let stderr = (try? String(contentsOf: errorLog, encoding: .utf8)) ?? ""
            throw Failure(description: "the AWS emulator did not start (is moto installed? \(installHint)):\n\(stderr)")
        }
        return AWSEmulator(endpoint: endpoint, process: process)
    }

    /// Asks the emulator to stop with SIGTERM, and kills it if it is still running 5 s later.
    /// Returns at once.
    func stop() {
        guard process.isRunning else { return }
        let process = process
        process.terminate()
        Thread {
            let deadline = Date().addingTimeInterval(5)
            while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }.start()
    }
}

import Foundation

/// `ballast run` (or another long-running command, `reconcile --wait`) as a test starts it: a
/// child process whose log goes to a file the test reads, stopped with SIGTERM (its exit status
/// is the test's to check), killed with SIGKILL, or killed when released.
///
/// Started through the same Python wrapper as ``LoopbackPeer`` so that SIGTERM is not blocked
/// in the child; the wrapper `exec`s, so the process id is ballast's own.
final class ControllerProcess: @unchecked Sendable {
    let log: URL
    private let process: Process

    init(arguments: [String], environment: [String: String], log: URL, command: String = "run") throws {
        self.log = log
        let unblockAndRun =
            "import os, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, []); os.execv(sys.argv[1], sys.argv[1:])"
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", unblockAndRun, BallastExecutable.url.path, command] + arguments
        process.environment = environment
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// Everything the controller logged so far.
    var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// The port it listens on, once it says so.
    func port(timeout: TimeInterval = 60) throws -> Int {
        var found: Int?
        try Eventually.wait(timeout: timeout, "the controller to listen; log:\n\(output)") {
            guard let range = output.range(of: "listening on http://127.0.0.1:") else { return false }
            found = Int(output[range.upperBound...].prefix { $0.isNumber })
            return found != nil
        }
        return found ?? 0
    }

    /// Waits up to `timeout` for the process to exit on its own; its exit status, or nil if it
    /// is still running.
    func waitForExit(timeout: TimeInterval) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// Kills it with SIGKILL (nothing runs after: no handler, no flush) and waits for the exit.
    func killNow() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Sends SIGTERM and waits for the exit; returns the exit status (nil if it did not exit
    /// within `timeout`).
    func terminate(timeout: TimeInterval = 30) -> Int32? {
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        return process.isRunning ? nil : process.terminationStatus
    }
}

/// Polls a condition until it holds.
enum Eventually {
    struct Timeout: Error, CustomStringConvertible {
        let description: String
    }

    static func wait(timeout: TimeInterval, _ what: @autoclosure () -> String, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try condition() { return }
            Thread.sleep(forTimeInterval: 0.25)
        }
        if try condition() { return }
        throw Timeout(description: "timed out after \(Int(timeout)) s waiting for \(what())")
    }
}

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

import Foundation

/// `Tests/Support/github_recorder.py` on a free loopback port, as a notification receiver: it
/// records every request (headers, raw body) as a JSON line; `arguments` make it answer 500 at
/// first (`--fail-first N`), another status (`--status 404`) or hang (`--hang 30`). Stopped when
/// released.
final class NotificationRecorder: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let url: String
    let log: URL
    private let process: Process

    init(_ arguments: [String] = []) throws {
        log = FileManager.default.temporaryDirectory.appendingPathComponent("ballast-notify-\(UUID().uuidString).jsonl")
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        let script = root.appendingPathComponent("Tests/Support/github_recorder.py").path
        // The blocked-signal mask is cleared so that SIGTERM reaches the child.
        let unblockAndRun =
            "import os, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, []); "
            + "os.execv(sys.executable, [sys.executable] + sys.argv[1:])"
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", unblockAndRun, script, "--port", "0", "--log", log.path] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw Failure(description: "cannot run python3 (\(error)): apt-get install python3")
        }
        var line = ""
        while !line.contains("\n") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += String(decoding: chunk, as: UTF8.self)
        }
        let prefix = "github-recorder listening on "
        guard line.hasPrefix(prefix) else {
            process.terminate()
            throw Failure(description: "the recorder did not start: \(line)")
        }
        url = line.dropFirst(prefix.count).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    deinit {
        process.terminate()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: log)
    }

    /// The requests recorded so far, parsed.
    var requests: [[String: Any]] {
        guard let text = try? String(contentsOf: log, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    /// Waits up to `timeout` seconds for `count` requests; returns them.
    func waitFor(_ count: Int, timeout: Double = 20) async throws -> [[String: Any]] {
        let deadline = Date().addingTimeInterval(timeout)
        while requests.count < count && Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        return requests
    }
}

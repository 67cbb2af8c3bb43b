import Foundation

/// A real peer process on loopback (the AWS emulator, the recording proxy), started for a test
/// and stopped when released.
///
/// Started through a Python one-liner that clears the blocked-signal mask first: a process
/// spawned from a Swift concurrency thread inherits SIGTERM blocked and would ignore
/// `terminate()`.
final class LoopbackPeer: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The URL the peer printed when it began listening.
    let url: String
    private let process: Process

    private init(url: String, process: Process) {
        self.url = url
        self.process = process
    }

    deinit {
        process.terminate()
        process.waitUntilExit()
    }

    static let repositoryRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url
    }()

    /// `controller/aws-emulator` on a free port; `arguments` adds options (`--latency fast`).
    static func emulator(_ arguments: [String] = []) throws -> LoopbackPeer {
        try start(
            script: repositoryRoot.appendingPathComponent("controller/aws-emulator").path,
            arguments: ["--port", "0"] + arguments, readyPrefix: "aws-emulator listening on ")
    }

    /// The recording (and, with `extra`, fault-injecting) proxy in front of `target`.
    static func proxy(target: String, log: String, extra: [String] = []) throws -> LoopbackPeer {
        try start(
            script: repositoryRoot.appendingPathComponent("Tests/Support/aws_fault_proxy.py").path,
            arguments: ["--target", target, "--port", "0", "--log", log] + extra,
            readyPrefix: "aws-fault-proxy listening on ")
    }

    /// A stand-in for the GitHub API (or a notification receiver) that records every call to
    /// `log`; `extra` changes its answers (`--fail-first 1`, `--status 404`, `--hang 30`).
    static func githubRecorder(log: String, extra: [String] = []) throws -> LoopbackPeer {
        try start(
            script: repositoryRoot.appendingPathComponent("Tests/Support/github_recorder.py").path,
            arguments: ["--port", "0", "--log", log] + extra, readyPrefix: "github-recorder listening on ")
    }

    /// `git http-backend` serving the repositories under `root` behind basic auth: user
    /// `ballast` with the password in `passwordFile`; every request is recorded in `log`.
    static func gitHTTPServer(root: String, passwordFile: String, log: String) throws -> LoopbackPeer {
        try start(
            script: repositoryRoot.appendingPathComponent("Tests/Support/git_http_server.py").path,
            arguments: [
                "--port", "0", "--root", root, "--user", "ballast", "--password-file", passwordFile, "--log", log,
            ],
            readyPrefix: "git-http-server listening on ")
    }

    private static func start(script: String, arguments: [String], readyPrefix: String) throws -> LoopbackPeer {
        let unblockAndRun =
            "import os, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, []); "
            + "os.execv(sys.executable, [sys.executable] + sys.argv[1:])"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", unblockAndRun, script] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw Failure(description: "cannot run python3 (\(error)); pip install -r .ci/requirements.txt")
        }
        var text = ""
        while !text.contains("\n") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard let line = text.split(separator: "\n").first, line.hasPrefix(readyPrefix) else {
            process.terminate()
            throw Failure(
                description: "\(script) did not start (is moto installed? pip install -r .ci/requirements.txt): \(text)"
            )
        }
        return LoopbackPeer(url: String(line.dropFirst(readyPrefix.count)), process: process)
    }
}

/// Runs a Python test-support script and fails on a non-zero exit.
enum PythonScript {
    static func run(_ script: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", LoopbackPeer.repositoryRoot.appendingPathComponent(script).path] + arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw LoopbackPeer.Failure(description: "\(script) failed: \(text)")
        }
    }

    /// Runs a script and returns what it printed; fails on a non-zero exit, quoting its errors.
    static func output(_ script: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", LoopbackPeer.repositoryRoot.appendingPathComponent(script).path] + arguments
        let errors = FileManager.default.temporaryDirectory
            .appendingPathComponent("ballast-script-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errors) }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            throw LoopbackPeer.Failure(description: "\(script) failed: \(message)")
        }
        return text
    }
}

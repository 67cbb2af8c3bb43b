import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `openssl s_server -www` on 127.0.0.1 with a fresh self-signed certificate for `127.0.0.1`,
/// so a test can show that TLS verification is on and that a CA bundle path is honoured.
final class TLSTestServer: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let port: Int
    /// The self-signed certificate, PEM: the CA bundle that makes the server trusted.
    let certificatePath: String
    private let directory: URL
    private let process: Process

    private init(port: Int, certificatePath: String, directory: URL, process: Process) {
        self.port = port
        self.certificatePath = certificatePath
        self.directory = directory
        self.process = process
    }

    /// Makes the certificate and starts the server on a dedicated thread; fails when `openssl`
    /// is missing (Debian `openssl`).
    static func start() async throws -> TLSTestServer {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result(catching: { try launch() })) }.start()
        }
    }

    private static func launch() throws -> TLSTestServer {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ballast-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let key = directory.appendingPathComponent("key.pem").path
        let certificate = directory.appendingPathComponent("cert.pem").path
        try run([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate, "-days", "1",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
        ])
        let port = try freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "openssl", "s_server", "-accept", "127.0.0.1:\(port)", "-cert", certificate, "-key", key, "-www",
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        var text = ""
        while !text.contains("ACCEPT") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard text.contains("ACCEPT") else {
            kill(process.processIdentifier, SIGKILL)
            throw Failure(description: "openssl s_server did not start: \(text)")
        }
        return TLSTestServer(port: port, certificatePath: certificate, directory: directory, process: process)
    }

    /// Kills the server (SIGKILL: a child of a dispatch thread has SIGTERM blocked) and removes
    /// the certificate.
    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: directory)
    }

    private static func run(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw Failure(description: "cannot run openssl (\(error)); install it (Debian: apt-get install openssl)")
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "openssl \(arguments.first ?? "") exited \(process.terminationStatus)")
        }
    }

    /// A port nothing listens on right now (bound, read, released).
    private static func freePort() throws -> Int {
        let probe = try ScriptedHTTPServer(script: [])
        defer { probe.stop() }
        return probe.port
    }
}

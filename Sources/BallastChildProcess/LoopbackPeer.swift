import Foundation

/// A real peer process on loopback (the AWS emulator, the recording proxy, the GitHub
/// recorder) that prints one "listening on URL" line when it is ready; stopped with SIGTERM
/// (then SIGKILL after 5 s) when released, without waiting for it.
public final class LoopbackPeer: Sendable {
    /// A peer that could not be started.
    public typealias Failure = ProcessFailure

    /// How to start one peer: a Python script, its options and the line it prints when ready.
    public struct Command: Sendable {
        /// The script's path.
        public var script: String
        /// Its options (`--port 0` among them, so it picks a free port).
        public var arguments: [String]
        /// What its ready line starts with; the URL follows.
        public var readyPrefix: String
        /// Where its standard error goes (moto logs every request there: a file, so a full
        /// pipe never stalls it); nil for nowhere.
        public var log: String?
        /// Whether the log is removed when the peer stops (a temporary file nobody else reads).
        public var removesLog: Bool
        /// How to install what it needs, for the message when it does not start.
        public var installHint: String

        /// A peer started as `python3 script arguments…`.
        public init(
            script: String, arguments: [String], readyPrefix: String, log: String? = nil, removesLog: Bool = false,
            installHint: String
        ) {
            self.script = script
            self.arguments = arguments
            self.readyPrefix = readyPrefix
            self.log = log
            self.removesLog = removesLog
            self.installHint = installHint
        }
    }

    /// The URL the peer printed when it began listening.
    public let url: String
    /// The same, parsed.
    public let endpoint: URL
    /// Where its standard error goes, if anywhere.
    public let log: String?
    /// The process.
    public let process: ChildProcess
    private let removesLog: Bool

    private init(url: String, endpoint: URL, command: Command, process: ChildProcess) {
        self.url = url
        self.endpoint = endpoint
        log = command.log
        removesLog = command.removesLog
        self.process = process
    }

    deinit { stop() }

    /// Starts `command` and blocks this thread until its ready line.
    public convenience init(starting command: Command) throws {
        let process = try Self.spawn(command)
        let (url, endpoint) = try Self.check(process.waitForReadyLine(prefix: command.readyPrefix), command, process)
        self.init(url: url, endpoint: endpoint, command: command, process: process)
    }

    /// Starts `command` and suspends until its ready line; the read runs on a thread of its own.
    public static func start(_ command: Command) async throws -> LoopbackPeer {
        let process = try spawn(command)
        let (url, endpoint) = try check(await process.readyLine(prefix: command.readyPrefix), command, process)
        return LoopbackPeer(url: url, endpoint: endpoint, command: command, process: process)
    }

    /// Sends SIGTERM and returns at once (SIGKILL follows after 5 s if it still runs); removes
    /// a temporary log.
    public func stop() {
        process.terminateInBackground()
        removeLog()
    }

    /// SIGTERM, up to 5 s, then SIGKILL, suspending until it has exited; removes a temporary log.
    public func stopped() async {
        await process.stop()
        removeLog()
    }

    private func removeLog() {
        if removesLog, let log { try? FileManager.default.removeItem(atPath: log) }
    }

    /// What it wrote to its log so far ("" without one).
    public var errors: String {
        log.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) } ?? ""
    }

    private static func spawn(_ command: Command) throws -> ChildProcess {
        do {
            return try ChildProcess(
                "python3", [command.script] + command.arguments, output: .pipe,
                error: command.log.map { .file($0) } ?? .null)
        } catch {
            throw Failure(description: "cannot run python3 (\(error)); install Python 3 and \(command.installHint)")
        }
    }

    private static func check(_ line: ReadyLine, _ command: Command, _ process: ChildProcess) throws -> (String, URL) {
        guard let value = line.value, let endpoint = URL(string: value) else {
            process.kill()
            let log = command.log.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) } ?? ""
            throw Failure(
                description: "\(command.script) did not start (\(command.installHint)): \(line.printed)\(log)")
        }
        return (value, endpoint)
    }
}

import Foundation

/// Running a command to its end.
extension ChildProcess {
    /// What a command run to its end printed, and how it ended.
    public struct Finished: Sendable {
        /// The exit status (128 + the signal when a signal ended it).
        public var status: Int32
        /// Its standard output.
        public var output: Data
        /// Its standard error.
        public var errors: Data

        /// Standard output as text.
        public var standardOutput: String { String(decoding: output, as: UTF8.self) }
        /// Standard error as text.
        public var standardError: String { String(decoding: errors, as: UTF8.self) }
    }

    /// Runs `executable` to its end on this thread (`waitpid`, no reaper thread, no polling: a
    /// 30 ms command is timed as 30 ms) and returns its exit status.
    public static func run(
        _ executable: String, _ arguments: [String] = [], environment: [String: String]? = nil,
        directory: String? = nil, input: Redirection = .null, output: Redirection = .null,
        error: Redirection = .null
    ) throws -> Int32 {
        let started = try Spawn.start(
            executable, arguments, environment: environment, directory: directory, input: input, output: output,
            error: error)
        return Spawn.wait(started.pid)
    }

    /// Runs `executable` to its end with `input` on its standard input, and returns what it
    /// printed; output and errors go through files, so neither can fill a pipe and stall it.
    public static func capture(
        _ executable: String, _ arguments: [String] = [], environment: [String: String]? = nil,
        directory: String? = nil, input: Data? = nil
    ) throws -> Finished {
        let scratch = NSTemporaryDirectory() + "ballast-child-" + UUID().uuidString
        defer {
            for suffix in [".in", ".out", ".err"] { try? FileManager.default.removeItem(atPath: scratch + suffix) }
        }
        if let input { try input.write(to: URL(fileURLWithPath: scratch + ".in")) }
        let status = try run(
            executable, arguments, environment: environment, directory: directory,
            input: input == nil ? .null : .file(scratch + ".in"), output: .file(scratch + ".out"),
            error: .file(scratch + ".err"))
        return Finished(
            status: status, output: (try? Data(contentsOf: URL(fileURLWithPath: scratch + ".out"))) ?? Data(),
            errors: (try? Data(contentsOf: URL(fileURLWithPath: scratch + ".err"))) ?? Data())
    }

    /// `capture` on a thread of its own, so the task only suspends while the command runs.
    public static func captured(
        _ executable: String, _ arguments: [String] = [], environment: [String: String]? = nil,
        directory: String? = nil, input: Data? = nil
    ) async throws -> Finished {
        try await DedicatedThread.run {
            try capture(executable, arguments, environment: environment, directory: directory, input: input)
        }
    }
}

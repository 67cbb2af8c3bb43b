import ArgumentParser
import BallastChildProcess
import Foundation

/// `Tests/Support/aws_fault_proxy.py` without faults, between Ballast and the emulator: every
/// request it forwards is a JSON line (time, service, operation, method, path, status) in a log
/// the benchmark reads to count requests by operation and to time what the controller did.
final class RecordingProxy {
    /// One forwarded request.
    struct Request: Decodable {
        var time: Double
        var service: String
        var operation: String
        var method: String
        var path: String
        var status: Int?

        /// `Service:Operation`, with S3's path-addressed requests named by method and by whether
        /// they address a bucket or an object (the key is a content hash: not an operation).
        var name: String {
            guard service == "S3", operation.hasPrefix("\(method) /") else { return "\(service):\(operation)" }
            let segments = URLComponents(string: path)?.path.split(separator: "/") ?? []
            return "S3:\(method) \(segments.count > 1 ? "object" : "bucket")"
        }

        /// Anything but a read: `Describe*`, `Get*`, `List*` (and S3 `GET`/`HEAD`) read; every
        /// other operation is counted as one that may change something.
        var isMutating: Bool {
            if service == "S3" && operation.hasPrefix("\(method) /") { return !["GET", "HEAD"].contains(method) }
            return !["Describe", "Get", "List"].contains { operation.hasPrefix($0) }
        }
    }

    let endpoint: String
    let log: URL
    private let peer: LoopbackPeer

    private init(log: URL, peer: LoopbackPeer) {
        endpoint = peer.url
        self.log = log
        self.peer = peer
    }

    /// Starts the proxy in front of `target` and waits for its "listening" line.
    static func start(target: String) throws -> RecordingProxy {
        let log = FileManager.default.temporaryDirectory
            .appendingPathComponent(
                "ballast-bench-requests-\(ProcessInfo.processInfo.processIdentifier)-\(UUID()).jsonl")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let command = LoopbackPeer.Command.proxy(
            repositoryRoot: URL(fileURLWithPath: FileManager.default.currentDirectoryPath), target: target,
            log: log.path)
        do {
            return RecordingProxy(log: log, peer: try LoopbackPeer(starting: command))
        } catch {
            throw ValidationError("the recording proxy (Tests/Support/aws_fault_proxy.py) did not start: \(error)")
        }
    }

    /// Every request recorded so far, in the order the proxy logged them (a line still being
    /// written, without its newline, is left for the next read).
    func requests() throws -> [Request] {
        let text = try String(contentsOf: log, encoding: .utf8)
        let decoder = JSONDecoder()
        return try text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            .filter { !$0.isEmpty }
            .map { try decoder.decode(Request.self, from: Data($0.utf8)) }
    }

    /// Stops it, waits for it to exit, and removes its log.
    func stop() {
        peer.stop()
        try? FileManager.default.removeItem(at: log)
    }
}

/// The requests of one pass, by operation.
struct RequestCount: Codable {
    var pass: String
    var functions: Int
    var total: Int
    var mutating: Int
    var wallSeconds: Double
    var byOperation: [String: Int]
    /// The most requests of each operation the pass may send, where an issue sets a bound (the
    /// no-op diff: issue 6); an operation not named may not be sent at all.
    var boundByOperation: [String: Int]? = nil

    /// The most requests the pass may send in all.
    var bound: Int? { boundByOperation?.values.reduce(0, +) }

    init(pass: String, functions: Int, requests: ArraySlice<RecordingProxy.Request>, wallSeconds: Double) {
        self.pass = pass
        self.functions = functions
        self.total = requests.count
        self.mutating = requests.filter(\.isMutating).count
        self.wallSeconds = wallSeconds
        self.byOperation = requests.reduce(into: [:]) { counts, request in counts[request.name, default: 0] += 1 }
    }
}

/// Child processes the benchmark drives: Ballast's commands, git, Python helpers.
enum Commands {
    /// Runs a command to its end and returns its standard output; a non-zero exit is an error
    /// quoting the end of its standard error. `allowedStatuses` are exits that are not errors.
    @discardableResult
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, directory: String? = nil,
        allowedStatuses: Set<Int32> = [0]
    ) throws -> (status: Int32, output: String) {
        let finished = try ChildProcess.capture(
            executable, arguments, environment: environment, directory: directory)
        guard allowedStatuses.contains(finished.status) else {
            let tail = finished.standardError.split(separator: "\n", omittingEmptySubsequences: false).suffix(20)
                .joined(separator: "\n")
            throw ValidationError(
                "\(URL(fileURLWithPath: executable).lastPathComponent) \(arguments.prefix(2).joined(separator: " ")) exited \(finished.status):\n\(tail)"
            )
        }
        return (finished.status, finished.standardOutput)
    }

    /// The `ballast` executable measured: `BALLAST_BENCH_BALLAST` when set (`Benchmarks/run`
    /// sets the static-stdlib build the container image ships), else the one beside this one.
    static var ballast: String {
        ProcessInfo.processInfo.environment["BALLAST_BENCH_BALLAST"]
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("ballast").path
    }

    /// What Ballast's commands get: the endpoint, test credentials, a home and cache of their own.
    static func ballastEnvironment(endpoint: String, home: String) -> [String: String] {
        var environment = [
            "AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench",
            "AWS_REGION": "us-east-1", "HOME": home, "BALLAST_CACHE_DIR": home + "/cache", "NO_COLOR": "1",
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
        ]
        // Passed through so that its effect on the controller's memory can be measured.
        if let arenas = ProcessInfo.processInfo.environment["MALLOC_ARENA_MAX"] {
            environment["MALLOC_ARENA_MAX"] = arenas
        }
        return environment
    }

    /// Seconds since `start`.
    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}

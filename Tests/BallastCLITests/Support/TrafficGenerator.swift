import BallastTestSupport
import Foundation

/// What a run of `Tests/Support/send_traffic.py` saw: how many requests it sent, the statuses
/// of their answers, and when each answer of 500 or more came.
struct TrafficReport {
    /// Requests sent.
    let sent: Int
    /// HTTP status → how many answers had it.
    let statuses: [String: Int]
    /// When the first request went out and the last answer came.
    let began: Date
    let ended: Date
    /// When each answer of 500 or more came, in order.
    let failedAt: [Date]

    /// Answers of 500 or more.
    var failed: Int { failedAt.count }

    init(json: Any) throws {
        guard let object = json as? [String: Any], let sent = object["sent"] as? Int,
            let statuses = object["statuses"] as? [String: Int], let began = object["began"] as? Double,
            let ended = object["ended"] as? Double, let failedAt = object["failedAt"] as? [Double]
        else { throw LoopbackPeer.Failure(description: "send_traffic.py printed \(json)") }
        self.sent = sent
        self.statuses = statuses
        self.began = Date(timeIntervalSince1970: began)
        self.ended = Date(timeIntervalSince1970: ended)
        self.failedAt = failedAt.map(Date.init(timeIntervalSince1970:))
    }
}

/// A steady stream of GET requests to the dev stage's `/orders` through the emulator's
/// loopback execute-api path, running in the background while the test drives Ballast:
/// `Tests/Support/send_traffic.py` as a child process, bounded in count and time, stopped
/// with SIGTERM (it then prints what it saw).
final class TrafficGenerator {
    private let process: ChildProcess
    private let output: URL
    private let errors: URL

    /// Starts sending `rate` requests a second, at most `count` and for at most `maxSeconds`.
    init(_ fixture: RolloutFixture, rate: Int, count: Int, maxSeconds: Int) throws {
        output = fixture.folder.appendingPathComponent("traffic-\(UUID().uuidString).json")
        errors = output.appendingPathExtension("stderr")
        process = try ChildProcess(
            "python3",
            [LoopbackPeer.repositoryRoot.appendingPathComponent("Tests/Support/send_traffic.py").path]
                + Self.arguments(fixture, rate: rate, count: count, maxSeconds: maxSeconds),
            output: .file(output.path), error: .file(errors.path))
    }

    static func arguments(_ fixture: RolloutFixture, rate: Int, count: Int, maxSeconds: Int) -> [String] {
        [
            fixture.emulator.url, "us-east-1", "shop-dev", "dev", "GET", "/orders", "--count", "\(count)", "--rate",
            "\(rate)", "--max-seconds", "\(maxSeconds)",
        ]
    }

    /// Stops it (SIGTERM; it finishes the request in flight) and returns what it saw.
    func stop() throws -> TrafficReport {
        process.send(SIGTERM)
        let status = process.waitForExit()
        let printed = try Data(contentsOf: output)
        guard status == 0, !printed.isEmpty else {
            let text = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            throw LoopbackPeer.Failure(description: "send_traffic.py exited \(status): \(text)")
        }
        return try TrafficReport(json: try JSONSerialization.jsonObject(with: printed))
    }

    /// Sends `count` requests at `rate` a second (for at most 30 s) and returns what came back.
    static func send(_ fixture: RolloutFixture, count: Int, rate: Int) throws -> TrafficReport {
        let script = LoopbackPeer.repositoryRoot.appendingPathComponent("Tests/Support/send_traffic.py").path
        let printed = try PythonScript.jsonPrinted(
            byCode: "import runpy, sys\nsys.argv = sys.argv[1:]\nrunpy.run_path(sys.argv[0], run_name='__main__')",
            [script] + arguments(fixture, rate: rate, count: count, maxSeconds: 30))
        return try TrafficReport(json: printed)
    }
}

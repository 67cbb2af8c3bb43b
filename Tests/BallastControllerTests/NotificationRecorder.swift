import BallastTestSupport
import Foundation

/// `Tests/Support/github_recorder.py` on a free loopback port, as a notification receiver: it
/// records every request (headers, raw body) as a JSON line; `arguments` make it answer 500 at
/// first (`--fail-first N`), another status (`--status 404`) or hang (`--hang 30`). Stopped when
/// released.
final class NotificationRecorder: @unchecked Sendable {
    let url: String
    let log: URL
    private let peer: LoopbackPeer

    private init(log: URL, peer: LoopbackPeer) {
        self.log = log
        self.peer = peer
        url = peer.url
    }

    /// Starts the recorder with `arguments` and suspends (no thread of the pool blocks) until
    /// it listens.
    static func start(_ arguments: [String] = []) async throws -> NotificationRecorder {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ballast-notify-\(UUID().uuidString).jsonl")
        let peer = try await LoopbackPeer.start(
            .githubRecorder(repositoryRoot: LoopbackPeer.repositoryRoot, log: log.path, extra: arguments))
        return NotificationRecorder(log: log, peer: peer)
    }

    deinit {
        peer.stop()
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

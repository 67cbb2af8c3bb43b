import BallastTestSupport
import Foundation

/// A function's rollout as Lambda itself has it, read by `Tests/Support/rollout_watch.py`: what
/// the alias `live` routes to, the published versions with their CodeSha256, and the
/// `ballast:rollout` tag. The crash-safety tests judge Ballast by this, never by its own output.
struct RolloutWorld {
    /// The `ballast:rollout` tag, the fields the tests look at.
    struct Record {
        var from: String
        var to: String
        var step: Int
        var stepStartedAt: Date?
        var phase: String
    }

    /// When it was read (watch lines), or when the snapshot was taken.
    var time: Date
    /// The version `live` points at.
    var liveVersion: String?
    /// `live`'s additional version weights.
    var weights: [String: Double]
    /// Published versions (not `$LATEST`) and their CodeSha256.
    var versions: [String: String]
    /// The tag, if it holds a record.
    var record: Record?
    /// The digest (hex, as CodeSha256) the image tag resolves to in ECR, when asked for.
    var image: String?

    /// Every version `live` sends any traffic to.
    var routed: Set<String> { liveVersion.map { Set([$0]).union(weights.keys) } ?? [] }

    /// The published versions whose code is `codeSha256`.
    func versions(running codeSha256: String) -> [String] {
        versions.filter { $0.value == codeSha256 }.map(\.key).sorted { Int($0) ?? 0 < Int($1) ?? 0 }
    }

    /// `live` sends all traffic to `version` alone.
    func allTraffic(on version: String) -> Bool { liveVersion == version && weights.isEmpty }

    init(json: [String: Any], time: Date) {
        self.time = time
        let live = json["live"] as? [String: Any]
        liveVersion = live?["version"] as? String
        weights = (live?["weights"] as? [String: Any] ?? [:]).compactMapValues { ($0 as? NSNumber)?.doubleValue }
        versions = [:]
        for entry in json["versions"] as? [[String: Any]] ?? [] {
            guard let version = entry["version"] as? String, version != "$LATEST" else { continue }
            versions[version] = entry["codeSha256"] as? String ?? ""
        }
        image = json["image"] as? String
        if let text = json["tag"] as? String,
            let tag = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
            let from = tag["from"] as? String, let to = tag["to"] as? String, let phase = tag["phase"] as? String
        {
            record = Record(
                from: from, to: to, step: tag["step"] as? Int ?? 0,
                stepStartedAt: (tag["stepStartedAt"] as? String).flatMap { ISO8601DateFormatter().date(from: $0) },
                phase: phase)
        }
    }

    /// The state now, with the digest `image` (`repository:tag`) resolves to.
    static func snapshot(endpoint: String, function: String, image: String) throws -> RolloutWorld {
        let text = try PythonScript.output(
            "Tests/Support/rollout_watch.py", ["snapshot", endpoint, "us-east-1", function, image])
        let json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
        return RolloutWorld(json: json, time: Date())
    }
}

/// `rollout_watch.py watch` as a child process: every state `live` and the tag go through,
/// with the time it was seen, appended to a file. Killed when released.
final class RolloutWatcher {
    let log: URL
    private let process: ChildProcess

    init(endpoint: String, function: String, log: URL) throws {
        self.log = log
        process = try ChildProcess(
            "python3",
            [
                LoopbackPeer.repositoryRoot.appendingPathComponent("Tests/Support/rollout_watch.py").path,
                "watch", endpoint, "us-east-1", function, log.path,
            ])
        // The state before anything happens is the first line.
        try Eventually.wait(timeout: 30, "rollout_watch.py to record the first state") {
            !((try? String(contentsOf: log, encoding: .utf8)) ?? "").isEmpty
        }
    }

    deinit { stop() }

    /// Stops watching (SIGKILL: the file is flushed line by line).
    func stop() {
        process.kill()
    }

    /// Waits until the watcher has seen `world` (it polls, so the last change may not be in the
    /// file yet when a reconcile exits).
    func catchUp(with world: RolloutWorld) throws {
        try Eventually.wait(timeout: 15, "rollout_watch.py to see \(world)") {
            guard let last = states().last else { return false }
            return last.liveVersion == world.liveVersion && last.weights == world.weights
                && last.record?.phase == world.record?.phase && last.record?.to == world.record?.to
                && last.record?.stepStartedAt == world.record?.stepStartedAt
        }
    }

    /// Every state seen so far, oldest first.
    func states() -> [RolloutWorld] {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            guard let json = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let time = (json["t"] as? NSNumber)?.doubleValue
            else { return nil }
            return RolloutWorld(json: json, time: Date(timeIntervalSince1970: time))
        }
    }
}

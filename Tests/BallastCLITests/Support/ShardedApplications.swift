import BallastTestSupport
import Foundation

/// Applications in real bare repositories (one each, stage `dev` on `main`) shared by replicas
/// of `ballast run --shards N --shard I` against one emulator: what the shard tests start.
final class ShardedApplications {
    /// One application: its work tree (where commits are made) and the bare remote they go to.
    struct Application {
        var name: String
        var work: URL
        var remote: URL
    }

    /// A replica: the process and the port it serves HTTP on.
    struct Replica {
        var process: ControllerProcess
        var port: Int
        var shard: Int
    }

    let emulator: LoopbackPeer
    let folder: URL

    /// `emulatorArguments` are the emulator's options (`--latency fast`).
    init(emulatorArguments: [String] = []) throws {
        emulator = try LoopbackPeer.emulator(emulatorArguments)
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ballast-shards-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }

    var environment: [String: String] {
        [
            "AWS_ENDPOINT_URL": emulator.url, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_REGION": "us-east-1", "HOME": folder.path,
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "",
        ]
    }

    /// A bare repository `<name>.git` whose `main` holds `files` (paths inside `desired/`);
    /// returns the application and the commit.
    func create(_ name: String, files: [String: String]) throws -> (application: Application, commit: String) {
        let work = folder.appendingPathComponent("work-\(name)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let remote = folder.appendingPathComponent("\(name).git")
        try GitDesiredStateTests.git(["init", "-q", "-b", "main"], in: work)
        try GitDesiredStateTests.git(["init", "-q", "--bare", remote.path], in: folder)
        let application = Application(name: name, work: work, remote: remote)
        return (application, try commit(files, to: application, message: "\(name): the desired state"))
    }

    /// Writes `files` (paths inside `desired/`), commits them and pushes `main`; the new commit.
    @discardableResult
    func commit(_ files: [String: String], to application: Application, message: String) throws -> String {
        for (path, text) in files {
            let file = application.work.appendingPathComponent("desired/\(path)")
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        try GitDesiredStateTests.git(["add", "-A"], in: application.work)
        try GitDesiredStateTests.git(["commit", "-q", "-m", message], in: application.work)
        try GitDesiredStateTests.git(["push", "-q", application.remote.path, "main"], in: application.work)
        return try GitDesiredStateTests.head(of: application.work)
    }

    /// The push webhook's secret, in the file every configuration names.
    static let webhookSecret = "s3cr3t-for-shard-tests"

    /// A configuration file listing `applications`, polled every 2 s, its Git cache in `cache`,
    /// taking push webhooks signed with ``webhookSecret``.
    /// `extra` is more of the file's top-level keys (`aws:`).
    func config(_ applications: [Application], cache: String, extra: String = "") throws -> URL {
        let secret = folder.appendingPathComponent("webhook-secret")
        try Self.webhookSecret.write(to: secret, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: secret.path)
        var text = "git:\n  cache: \(folder.appendingPathComponent(cache).path)\nloop:\n  interval: 2s\n"
        text += "  rolloutTick: 1s\nhttp:\n  listen: 127.0.0.1:0\n  webhookSecretFile: \(secret.path)\n"
        text += "applications:\n"
        for application in applications {
            text += "  - name: \(application.name)\n    remote: \(application.remote.path)\n"
        }
        text += extra
        let file = folder.appendingPathComponent("config-\(cache).yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    /// `ballast run --config FILE --shards count --shard shard`, serving HTTP.
    func replica(config: URL, shard: Int, of count: Int) throws -> Replica {
        let process = try ControllerProcess(
            arguments: ["--config", config.path, "--shards", "\(count)", "--shard", "\(shard)"],
            environment: environment,
            log: folder.appendingPathComponent("replica-\(shard)-of-\(count)-\(UUID().uuidString).log"))
        return Replica(process: process, port: try process.port(), shard: shard)
    }

    /// Sends a signed push webhook for `main` to every replica in turn, so that they all start
    /// a pass of every application they reconcile at the same moment.
    func announcePush(to replicas: [Replica]) throws {
        let body = #"{"ref":"refs/heads/main"}"#
        let signature = try GitDesiredStateTests.output(
            [
                "python3", "-c",
                "import hmac, hashlib, sys; print('sha256=' + hmac.new(sys.argv[1].encode(), sys.argv[2].encode(), hashlib.sha256).hexdigest())",
                Self.webhookSecret, body,
            ], in: folder, program: "/usr/bin/env"
        ).trimmingCharacters(in: .whitespacesAndNewlines)
        // One after another: each answer comes within milliseconds, well inside one pass.
        let delivery = UUID().uuidString
        for replica in replicas {
            let response = try HTTPProbe.request(
                "http://127.0.0.1:\(replica.port)/hooks/git", method: "POST",
                headers: [
                    "X-GitHub-Event: push", "X-GitHub-Delivery: \(delivery)", "Content-Type: application/json",
                    "X-Hub-Signature-256: \(signature)",
                ], body: body)
            guard (200..<300).contains(response.status) else {
                throw LoopbackPeer.Failure(description: "push webhook answered \(response.status): \(response.body)")
            }
        }
    }

    /// The applications `replica` has reconciled at least once, by its metrics.
    static func reconciled(by replica: Replica) throws -> Set<String> {
        let metrics = try HTTPProbe.request("http://127.0.0.1:\(replica.port)/metrics").body
        let prefix = #"ballast_reconcile_duration_seconds_count{application=""#
        return Set(
            metrics.split(separator: "\n").compactMap { line in
                guard line.hasPrefix(prefix) else { return nil }
                return line.dropFirst(prefix.count).prefix { $0 != "\"" }.description
            })
    }

    /// The lines of the Git note on `commit` of `application` (none when it has no note).
    func note(_ application: Application, _ commit: String) throws -> [String] {
        try GitDesiredStateTests.output(
            ["--git-dir", application.remote.path, "notes", "--ref", "ballast", "show", commit], in: folder,
            allowFailure: true
        )
        .split(separator: "\n").map(String.init)
    }
}

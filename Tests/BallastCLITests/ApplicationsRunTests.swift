import BallastTestSupport
import Foundation
import Testing

/// `ballast run` with an `applications:` list: real bare repositories (one per application),
/// the AWS emulator, and the controller as child processes reached over HTTP.
@Suite("ballast run with many applications and shards", .serialized)
final class ApplicationsRunTests {
    let emulator: LoopbackPeer
    let folder: URL

    init() throws {
        emulator = try LoopbackPeer.emulator()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ballast-apps-\(UUID().uuidString)")
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

    /// A bare repository `<name>.git` whose `main` holds a small desired state of `project` (one
    /// stage `dev`: a network and a monitoring stack) in `path`; returns the remote and the commit.
    @discardableResult
    func repository(_ name: String, project: String, path: String = "desired", ballast: String? = nil) throws -> (
        remote: URL, commit: String
    ) {
        let work = folder.appendingPathComponent("work-\(name)")
        let desired = work.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: desired, withIntermediateDirectories: true)
        let text =
            ballast ?? """
                project: \(project)
                stages:
                  dev:
                    branch: main
                    region: us-east-1
                    network:    { cidr: 10.10.0.0/16, azs: 1, natGateways: 0 }
                    monitoring: { email: dev@example.com }
                """
        try text.write(to: desired.appendingPathComponent("ballast.yaml"), atomically: true, encoding: .utf8)
        let remote = folder.appendingPathComponent("\(name).git")
        try GitDesiredStateTests.git(["init", "-q", "-b", "main"], in: work)
        try GitDesiredStateTests.git(["add", "-A"], in: work)
        try GitDesiredStateTests.git(["commit", "-q", "-m", "\(name): the desired state"], in: work)
        try GitDesiredStateTests.git(["init", "-q", "--bare", remote.path], in: folder)
        try GitDesiredStateTests.git(["push", "-q", remote.path, "main"], in: work)
        return (remote, try GitDesiredStateTests.head(of: work))
    }

    /// A configuration file listing `applications` (name, remote, optional path).
    func config(_ applications: [(name: String, remote: URL, path: String?)], cache: String = "cache") throws -> URL {
        var text = "git:\n  cache: \(folder.appendingPathComponent(cache).path)\nloop:\n  interval: 2s\n"
        text += "  rolloutTick: 1s\nhttp:\n  listen: 127.0.0.1:0\napplications:\n"
        for application in applications {
            text +=
                "  - name: \(application.name)\n    remote: \(application.remote.isFileURL ? application.remote.path : application.remote.absoluteString)\n"
            if let path = application.path { text += "    path: \(path)\n" }
        }
        let file = folder.appendingPathComponent("config-\(UUID().uuidString).yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    func controller(config: URL, _ extra: [String] = []) throws -> ControllerProcess {
        try ControllerProcess(
            arguments: ["--config", config.path] + extra, environment: environment,
            log: folder.appendingPathComponent("controller-\(UUID()).log"))
    }

    /// `GET /status` as JSON.
    static func status(port: Int, path: String = "status") throws -> [String: Any] {
        let body = try HTTPProbe.request("http://127.0.0.1:\(port)/\(path)").body
        return (try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]) ?? [:]
    }

    /// The application's entry in `/status`.
    static func application(_ name: String, port: Int) throws -> [String: Any] {
        (try status(port: port)["applications"] as? [String: Any])?[name] as? [String: Any] ?? [:]
    }

    /// Whether stage dev of application `name` is synced at `commit` in `/status`.
    static func isSynced(_ name: String, at commit: String, port: Int) throws -> Bool {
        let dev = (try application(name, port: port)["stages"] as? [String: Any])?["dev"] as? [String: Any]
        return dev?["phase"] as? String == "synced" && dev?["revision"] as? String == commit
    }

    @Test(
        "two applications in one controller are each reconciled and reported under their names; a broken one holds up neither"
    )
    func twoApplications() throws {
        let shop = try repository("shop", project: "shop")
        let billing = try repository("billing", project: "billing", path: "services/billing/desired")
        let broken = try repository("broken", project: "broken", ballast: "project: Broken!\nstages: 3\n")
        // A host that does not answer: retried, and holding up nobody.
        let unreachable = URL(string: "http://127.0.0.1:1/nothing.git")!
        let config = try config([
            ("broken", broken.remote, nil), ("shop", shop.remote, nil),
            ("billing", billing.remote, "services/billing/desired"), ("unreachable", unreachable, nil),
        ])
        let controller = try controller(config: config)
        let port = try controller.port()
        try Eventually.wait(timeout: 90, "shop and billing synced; log:\n\(controller.output.suffix(4000))") {
            try Self.isSynced("shop", at: shop.commit, port: port)
                && Self.isSynced("billing", at: billing.commit, port: port)
        }
        // The broken application says why, in its own entry only.
        let failed = try Self.application("broken", port: port)
        #expect((failed["error"] as? String)?.contains("cannot name the stages") == true, "\(failed)")
        let away = try Self.application("unreachable", port: port)
        #expect((away["error"] as? String)?.hasPrefix("fetching http://127.0.0.1:1/nothing.git") == true, "\(away)")
        #expect(away["ready"] as? Bool == false)
        let document = try Self.status(port: port)
        #expect((document["stages"] as? [String: Any])?.isEmpty == true)
        #expect(document["ready"] as? Bool == true)
        #expect(try HTTPProbe.request("http://127.0.0.1:\(port)/readyz").status == 200)

        // Per application: its entry, a stage, its badge; the stacks are each project's.
        let entry = try Self.status(port: port, path: "status/billing")
        #expect((entry["stages"] as? [String: Any])?["dev"] != nil, "\(entry)")
        let stage = try Self.status(port: port, path: "status/shop/dev")
        #expect(stage["phase"] as? String == "synced")
        #expect((stage["stacks"] as? [String: Any])?.keys.sorted() == ["shop-dev-monitoring", "shop-dev-network"])
        let badge = try HTTPProbe.request("http://127.0.0.1:\(port)/badge/billing/dev.svg")
        #expect(badge.status == 200 && badge.body.contains("synced"), "\(badge.body)")
        let page = try HTTPProbe.request("http://127.0.0.1:\(port)/").body
        for name in ["shop", "billing", "broken", "unreachable"] {
            #expect(page.contains("id=\"application-\(name)\""))
        }

        // The note names the application; every stage metric carries it.
        let note = try GitDesiredStateTests.output(
            ["--git-dir", shop.remote.path, "notes", "--ref", "ballast", "show", shop.commit], in: folder)
        #expect(note.hasPrefix("application=shop stage=dev phase=synced applied=yes"), "\(note)")
        let metrics = try HTTPProbe.request("http://127.0.0.1:\(port)/metrics").body
        #expect(metrics.contains(#"ballast_reconcile_duration_seconds_count{application="billing",stage="dev"} 1"#))
        #expect(metrics.contains(#"ballast_stage_list_invalid{application="broken"} 1"#), "\(metrics)")
        #expect(metrics.contains(#"ballast_stage_list_invalid{application="shop"} 0"#))
        // The one shared AWS session counts each request under the application that sent it.
        for name in ["shop", "billing"] {
            #expect(
                metrics.contains(#"ballast_aws_requests_total{application="\#(name)",service="CloudFormation","#),
                "\(metrics)")
        }
        #expect(!metrics.contains(#"ballast_aws_requests_total{application="default""#), "\(metrics)")
        #expect(controller.terminate() == 0, "\(controller.output.suffix(2000))")
    }

    @Test("each application's commit statuses go to its own githubRepository, the others' to github.repository")
    func commitStatusesPerRepository() throws {
        let shop = try repository("shop", project: "shop")
        let billing = try repository("billing", project: "billing")
        let log = folder.appendingPathComponent("statuses.jsonl")
        let github = try LoopbackPeer.githubRecorder(log: log.path)
        let token = folder.appendingPathComponent("github-token")
        try "ghp-apps-token\n".write(to: token, atomically: true, encoding: .utf8)
        let text = """
            git:
              cache: \(folder.appendingPathComponent("cache").path)
            loop: { interval: 2s, rolloutTick: 1s }
            http: { listen: 127.0.0.1:0 }
            github: { apiURL: \(github.url), repository: acme/platform, tokenFile: \(token.path) }
            applications:
              - { name: shop, remote: \(shop.remote.path), githubRepository: acme/shop }
              - { name: billing, remote: \(billing.remote.path) }
            """
        let config = folder.appendingPathComponent("config-github.yaml")
        try text.write(to: config, atomically: true, encoding: .utf8)
        let controller = try controller(config: config)
        let port = try controller.port()
        func statuses() -> [(path: String, context: String, state: String)] {
            let lines = (try? String(contentsOf: log, encoding: .utf8))?.split(separator: "\n") ?? []
            return lines.compactMap { line in
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                    let path = object["path"] as? String, let body = object["body"] as? [String: Any],
                    let context = body["context"] as? String, let state = body["state"] as? String
                else { return nil }
                return (path, context, state)
            }
        }
        try Eventually.wait(timeout: 90, "both synced and reported; log:\n\(controller.output.suffix(3000))") {
            try Self.isSynced("shop", at: shop.commit, port: port)
                && Self.isSynced("billing", at: billing.commit, port: port)
                && statuses().filter { $0.state == "success" }.count >= 2
        }
        let recorded = statuses()
        let shopStatuses = recorded.filter { $0.context == "ballast/shop/dev" }
        let billingStatuses = recorded.filter { $0.context == "ballast/billing/dev" }
        #expect(!shopStatuses.isEmpty && !billingStatuses.isEmpty, "\(recorded)")
        #expect(shopStatuses.allSatisfy { $0.path == "/repos/acme/shop/statuses/\(shop.commit)" }, "\(recorded)")
        #expect(
            billingStatuses.allSatisfy { $0.path == "/repos/acme/platform/statuses/\(billing.commit)" }, "\(recorded)")
        #expect(recorded.count == shopStatuses.count + billingStatuses.count, "\(recorded)")
        #expect(controller.terminate() == 0, "\(controller.output.suffix(2000))")
    }

    @Test(
        "two applications in one repository (each its path) wait for approval apart: approve --application lets one through"
    )
    func approvalPerApplication() throws {
        let work = folder.appendingPathComponent("work-mono")
        for project in ["shop", "billing"] {
            let desired = work.appendingPathComponent("\(project)/desired")
            try FileManager.default.createDirectory(at: desired, withIntermediateDirectories: true)
            try """
            project: \(project)
            stages:
              dev:
                branch: main
                region: us-east-1
                network:    { cidr: 10.10.0.0/16, azs: 1, natGateways: 0 }
                monitoring: { email: dev@example.com }
                approval: manual
            """.write(to: desired.appendingPathComponent("ballast.yaml"), atomically: true, encoding: .utf8)
        }
        let remote = folder.appendingPathComponent("mono.git")
        try GitDesiredStateTests.git(["init", "-q", "-b", "main"], in: work)
        try GitDesiredStateTests.git(["add", "-A"], in: work)
        try GitDesiredStateTests.git(["commit", "-q", "-m", "two applications"], in: work)
        try GitDesiredStateTests.git(["init", "-q", "--bare", remote.path], in: folder)
        try GitDesiredStateTests.git(["push", "-q", remote.path, "main"], in: work)
        let commit = try GitDesiredStateTests.head(of: work)
        let controller = try controller(
            config: try config([("shop", remote, "shop/desired"), ("billing", remote, "billing/desired")]))
        let port = try controller.port()
        func dev(_ name: String) throws -> [String: Any] {
            (try Self.application(name, port: port)["stages"] as? [String: Any])?["dev"] as? [String: Any] ?? [:]
        }
        try Eventually.wait(timeout: 60, "both awaiting approval; log:\n\(controller.output.suffix(3000))") {
            try dev("shop")["phase"] as? String == "awaitingApproval"
                && dev("billing")["phase"] as? String == "awaitingApproval"
        }
        let waiting = try dev("shop")
        let digest = try #require(waiting["planDigest"] as? String)
        #expect(
            (waiting["message"] as? String)?.hasSuffix(
                "ballast approve --application shop --stage dev --commit \(commit) --plan \(digest)") == true,
            "\(waiting)")
        let approved = try BallastExecutable.run(
            [
                "approve", "--repo", remote.path, "--application", "shop", "--stage", "dev", "--commit", commit,
                "--plan", digest, "--by", "alice",
            ], environment: environment)
        #expect(approved.status == 0, "\(approved.standardError)")
        #expect(approved.standardOutput.contains("for stage dev of application shop"), "\(approved.standardOutput)")
        try Eventually.wait(timeout: 60, "shop synced; log:\n\(controller.output.suffix(3000))") {
            try Self.isSynced("shop", at: commit, port: port)
        }
        // billing's stage of the same name, on the same commit, still waits for its own approval.
        Thread.sleep(forTimeInterval: 5)
        #expect(try dev("billing")["phase"] as? String == "awaitingApproval")
        // (Its plan differs, so the approval's plan alone would not let it through: the
        // approval is not even taken for one of billing's.)
        let billing = try dev("billing")
        #expect((billing["message"] as? String)?.contains("alice") == false, "\(billing)")
        let note = try GitDesiredStateTests.output(
            ["--git-dir", remote.path, "notes", "--ref", "ballast", "show", commit], in: folder)
        #expect(note.contains("application=shop stage=dev phase=synced applied=yes"), "\(note)")
        #expect(note.contains("application=billing stage=dev phase=awaitingApproval"), "\(note)")
        #expect(controller.terminate() == 0, "\(controller.output.suffix(2000))")
    }

    @Test("two applications that would own the same stacks are refused at start, naming both and the stack")
    func stackCollision() throws {
        let first = try repository("shop", project: "shop")
        let second = try repository("shop-again", project: "shop")
        let other = try repository("billing", project: "billing")
        let config = try config([
            ("shop", first.remote, nil), ("billing", other.remote, nil), ("shop-again", second.remote, nil),
        ])
        let controller = try controller(config: config)
        let status = controller.waitForExit(timeout: 60)
        #expect(status == 1, "\(controller.output.suffix(2000))")
        #expect(
            controller.output.contains(
                "applications 'shop' and 'shop-again' would own the same CloudFormation stacks (shop-dev-network"),
            "\(controller.output.suffix(2000))")
        // Nothing was deployed.
        let stacks = try GitDesiredStateTests.output(
            [
                "python3", "-c",
                "import boto3, sys; print(len(boto3.client('cloudformation', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id='testing', aws_secret_access_key='testing').list_stacks()['StackSummaries']))",
                emulator.url,
            ], in: folder, program: "/usr/bin/env")
        #expect(stacks.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "\(stacks)")
    }

    @Test(
        "three replicas with --shards 3 share six applications: each reconciled by exactly one, every one says who owns it"
    )
    func shards() throws {
        let names = ["shop", "billing", "orders", "search", "mail", "auth"]
        var commits: [String: String] = [:]
        var applications: [(name: String, remote: URL, path: String?)] = []
        for name in names {
            let (remote, commit) = try repository(name, project: name)
            commits[name] = commit
            applications.append((name, remote, nil))
        }
        var replicas: [(process: ControllerProcess, port: Int)] = []
        for index in 0..<3 {
            let config = try config(applications, cache: "cache-\(index)")
            let process = try controller(config: config, ["--shards", "3", "--shard", "\(index)"])
            replicas.append((process, try process.port()))
        }
        // Every application ends synced on the replica that owns it.
        var owners: [String: Int] = [:]
        for name in names {
            let entry = try Self.application(name, port: replicas[0].port)
            owners[name] = try #require(entry["shard"] as? Int, "\(entry)")
        }
        #expect(Set(owners.values).count == 3, "the six names must spread over the three shards: \(owners)")
        for name in names {
            let owner = replicas[owners[name] ?? 0]
            try Eventually.wait(timeout: 120, "\(name) synced; log:\n\(owner.process.output.suffix(3000))") {
                try Self.isSynced(name, at: commits[name] ?? "", port: owner.port)
            }
        }
        for (index, replica) in replicas.enumerated() {
            let metrics = try HTTPProbe.request("http://127.0.0.1:\(replica.port)/metrics").body
            for name in names {
                let entry = try Self.application(name, port: replica.port)
                // Every replica names the same owner, and shows live state only of its own.
                #expect(entry["shard"] as? Int == owners[name], "replica \(index), \(name): \(entry)")
                #expect(entry["reconciledHere"] as? Bool == (owners[name] == index), "replica \(index), \(name)")
                #expect((entry["stages"] != nil) == (owners[name] == index), "replica \(index), \(name)")
                // Only the owner ever reconciled it.
                let reconciled = metrics.contains(#"ballast_reconcile_duration_seconds_count{application="\#(name)""#)
                #expect(reconciled == (owners[name] == index), "replica \(index), \(name)")
            }
        }
        // Each commit's note has one line: the owner's.
        for (name, commit) in commits {
            let remote = folder.appendingPathComponent("\(name).git")
            let note = try GitDesiredStateTests.output(
                ["--git-dir", remote.path, "notes", "--ref", "ballast", "show", commit], in: folder)
            #expect(note.split(separator: "\n").count == 1, "\(name): \(note)")
        }
        for replica in replicas { #expect(replica.process.terminate() == 0) }
    }
}

import BallastTestSupport
import Foundation
import Testing

/// `ballast run` wakes for a rollout's next step when the pass said it is due, not on its fixed
/// `rolloutTick`: against the emulator and a real Git remote.
@Suite("ballast run requeues at a rollout's next step", .serialized)
final class RequeueRunTests {
    let emulator: LoopbackPeer
    let folder: URL
    let work: URL
    let remote: URL

    init() throws {
        emulator = try LoopbackPeer.emulator()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ballast-requeue-\(UUID().uuidString)")
        work = folder.appendingPathComponent("work")
        remote = folder.appendingPathComponent("remote.git")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: LoopbackPeer.repositoryRoot.appendingPathComponent("desired"),
            to: work.appendingPathComponent("desired"))
        // dev rolls out in two steps of 2 s; prod's branch does not exist, so only dev is deployed.
        let project = work.appendingPathComponent("desired/ballast.yaml")
        try (try String(contentsOf: project, encoding: .utf8))
            .replacingOccurrences(
                of: "rollout:    { strategy: allAtOnce }",
                with: "rollout:    { strategy: linear, percent: 50, every: 2s }"
            )
            .replacingOccurrences(of: "    branch: main\n", with: "    branch: release\n")
            .write(to: project, atomically: true, encoding: .utf8)
        try git(["init", "-q", "-b", "main"])
        try git(["add", "-A"])
        try git(["commit", "-q", "-m", "the example"])
        try git(["branch", "dev"])
        try GitDesiredStateTests.git(["init", "-q", "--bare", remote.path], in: folder)
        try git(["remote", "add", "origin", remote.path])
        try git(["push", "-q", "origin", "main", "dev"])
        try ReconcileCommandTests.pushImages(to: emulator.url, stages: ["dev"])
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }

    func git(_ arguments: [String]) throws {
        try GitDesiredStateTests.git(arguments, in: work)
    }

    var environment: [String: String] {
        [
            "AWS_ENDPOINT_URL": emulator.url, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_REGION": "us-east-1", "HOME": folder.path, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "",
        ]
    }

    /// A controller polling every `interval` and looking at rollouts at least every `tick`.
    func controller(interval: String, tick: String) throws -> ControllerProcess {
        try ControllerProcess(
            arguments: [
                "--remote", remote.path, "--cache", folder.appendingPathComponent("cache").path,
                "--interval", interval, "--rollout-tick", tick, "--listen", "127.0.0.1:0",
            ], environment: environment, log: folder.appendingPathComponent("controller-\(UUID()).log"))
    }

    @Test("with a minute's poll and a 30 s rolloutTick, a rollout of 2 s steps ends in seconds")
    func stepsOnTime() throws {
        let first = try GitDesiredStateTests.head(of: work, revision: "dev")
        let deployer = try controller(interval: "2s", tick: "1s")
        let deployerPort = try deployer.port()
        try Eventually.wait(timeout: 120, "dev synced; log:\n\(deployer.output.suffix(3000))") {
            HTTPProbe.isSynced(["dev": first], port: deployerPort)
        }
        #expect(deployer.terminate() == 0)

        // A new configuration of orders: a new version, rolled out 50% then 100%, 2 s apart.
        try git(["checkout", "-q", "dev"])
        let orders = work.appendingPathComponent("desired/functions/orders.yaml")
        try (try String(contentsOf: orders, encoding: .utf8)).replacingOccurrences(
            of: #"memoryMiB: \d+, environment"#, with: "memoryMiB: 384, environment", options: .regularExpression
        ).write(to: orders, atomically: true, encoding: .utf8)
        try git(["commit", "-q", "-am", "orders: 384 MiB in dev"])
        try git(["push", "-q", "origin", "dev"])
        let second = try GitDesiredStateTests.head(of: work, revision: "dev")

        // Its first pass starts the rollout; no poll comes for a minute and the tick is 30 s, so
        // only the pass's own "next step in 2 s" can end the rollout before half a minute.
        let started = Date()
        let controller = try controller(interval: "1m", tick: "30s")
        let port = try controller.port()
        try Eventually.wait(timeout: 28, "dev synced at the new commit; log:\n\(controller.output.suffix(4000))") {
            HTTPProbe.isSynced(["dev": second], port: port)
        }
        let took = Date().timeIntervalSince(started)
        #expect(took < 28, "\(took)")
        #expect(controller.output.contains("50% of traffic on version"), "\(controller.output.suffix(3000))")
        #expect(controller.terminate() == 0, "\(controller.output.suffix(2000))")
    }
}

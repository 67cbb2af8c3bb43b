import Foundation
import Testing

/// Rollouts end to end against the emulator: a re-pushed image reaches traffic by canary
/// through the alias `live`, and an alarm in ALARM during the bake sends all traffic back.
@Suite("rollouts through ballast reconcile", .serialized)
final class RolloutCommandTests {
    let emulator: LoopbackPeer
    let folder: URL
    let desired: URL
    static let image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/orders:dev"

    init() throws {
        emulator = try LoopbackPeer.emulator()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ballast-rollout-\(UUID().uuidString)")
        desired = folder.appendingPathComponent("desired")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: LoopbackPeer.repositoryRoot.appendingPathComponent("desired"), to: desired)
        // dev rolls out by canary here, with a bake short enough for a test.
        let project = desired.appendingPathComponent("ballast.yaml")
        try (try String(contentsOf: project, encoding: .utf8))
            .replacingOccurrences(
                of: "rollout:    { strategy: allAtOnce }",
                with: "rollout:    { strategy: canary, percent: 10, bake: 2s }"
            )
            .write(to: project, atomically: true, encoding: .utf8)
        try PythonScript.run(
            "Tests/Support/deploy_synth_output.py",
            [
                "--endpoint", emulator.url, "--stage", "dev", "--region", "us-east-1", "--push-images", Self.image,
                "123456789012.dkr.ecr.us-east-1.amazonaws.com/catalog:dev",
            ])
        let first = try ballast(["reconcile", "--stage", "dev"])
        guard first.status == 0 else {
            throw LoopbackPeer.Failure(description: "first reconcile: \(first.standardError)")
        }
        // A new image under the same tag.
        try PythonScript.run(
            "Tests/Support/deploy_synth_output.py",
            [
                "--endpoint", emulator.url, "--stage", "dev", "--region", "us-east-1", "--repush", "--push-images",
                Self.image,
            ])
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }

    func ballast(_ arguments: [String]) throws -> BallastExecutable.Result {
        try BallastExecutable.run(
            arguments + ["--desired", desired.path],
            environment: [
                "AWS_ENDPOINT_URL": emulator.url, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                "AWS_REGION": "us-east-1", "HOME": folder.path,
                "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "",
                "NO_COLOR": "1",
            ])
    }

    func status() throws -> [String: Any] {
        let result = try ballast(["status", "--stage", "dev"])
        let document = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        return document?["dev"] as? [String: Any] ?? [:]
    }

    @Test("a re-pushed image: 10% on the new version, then after the bake all of it")
    func canaryCompletes() throws {
        let start = try ballast(["reconcile", "--stage", "dev"])
        #expect(start.status == 0, "\(start.standardError)")
        #expect(start.standardError.contains("shop-dev-orders: 10% of traffic on version 2"))
        let during = try status()
        #expect(during["phase"] as? String == "progressing")
        let rollout = (during["rollouts"] as? [[String: Any]])?.first { $0["function"] as? String == "orders" }
        #expect(rollout?["weight"] as? Int == 10)
        #expect(rollout?["to"] as? String == "2")

        let finish = try ballast(["reconcile", "--stage", "dev", "--wait"])
        #expect(finish.status == 0, "\(finish.standardError)")
        #expect(finish.standardError.contains("shop-dev-orders: all traffic on version 2"))
        let after = try status()
        #expect(after["phase"] as? String == "synced", "\(after)")
        let diff = try ballast(["diff", "--stage", "dev", "--detailed-exitcode"])
        #expect(diff.status == 0, "\(diff.standardOutput)")
    }

    @Test("an alarm in ALARM during the bake sends all traffic back and exits 3")
    func alarmRollsBack() throws {
        let start = try ballast(["reconcile", "--stage", "dev"])
        #expect(start.standardError.contains("shop-dev-orders: 10% of traffic on version 2"))
        try PythonScript.run(
            "Tests/Support/set_alarm_state.py", [emulator.url, "us-east-1", "shop-dev-orders-errors", "ALARM"])
        let advance = try ballast(["reconcile", "--stage", "dev", "--wait"])
        #expect(advance.status == 3, "\(advance.standardError)")
        #expect(
            advance.standardError.contains(
                "shop-dev-orders: rolled back to version 1: alarm in ALARM: shop-dev-orders-errors"))
        let after = try status()
        #expect(after["phase"] as? String == "failed")
        #expect(after["reason"] as? String == "RolledBack")
        // The failed image is not tried again while the desired state is unchanged.
        let again = try ballast(["reconcile", "--stage", "dev", "--wait"])
        #expect(!again.standardError.contains("rollout 1 → 2 started"), "\(again.standardError)")
    }
}

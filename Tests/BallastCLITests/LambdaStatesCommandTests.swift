import BallastTestSupport
import Foundation
import Testing

/// `ballast reconcile` against an emulator whose functions stay `Pending` after a create and
/// `InProgress` after an update for a while, as Lambda's do: Ballast publishes a version only
/// once the function is ready, where Lambda would refuse it with ResourceConflictException.
@Suite("ballast reconcile while functions are Pending or updating", .serialized)
final class LambdaStatesCommandTests {
    /// Longer than Ballast's own steps between a stack's end and PublishVersion take.
    static let settleSeconds = "3"

    let emulator: LoopbackPeer
    let folder: URL
    let desired: URL

    init() throws {
        emulator = try LoopbackPeer.emulator(["--latency", "fast", "--lambda-settle", Self.settleSeconds])
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ballast-states-\(UUID().uuidString)")
        desired = folder.appendingPathComponent("desired")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: LoopbackPeer.repositoryRoot.appendingPathComponent("desired"), to: desired)
        try ReconcileCommandTests.pushImages(to: emulator.url, stages: ["dev"])
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }

    func ballast(_ arguments: [String]) throws -> BallastExecutable.Result {
        try BallastExecutable.run(
            arguments + ["--desired", desired.path],
            environment: BallastExecutable.awsEnvironment(
                endpoint: emulator.url, home: folder,
                extra: ["BALLAST_CACHE_DIR": folder.appendingPathComponent("cache").path]))
    }

    @Test("a first deploy: each new function's version 1 is published once it left Pending, and live points at it")
    func firstDeployWaitsForPending() throws {
        let result = try ballast(["reconcile", "--stage", "dev"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(!result.standardError.contains("ResourceConflictException"), "\(result.standardError)")
        let text = try PythonScript.output("Tests/Support/describe_world.py", [emulator.url, "us-east-1", "shop-dev-"])
        let world = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
        let functions = world["functions"] as? [String: [String: String]]
        #expect(functions == ["shop-dev-orders": ["live": "1"], "shop-dev-catalog": ["live": "1"]], "\(world)")
    }
}

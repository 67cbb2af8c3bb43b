import BallastTestSupport
import Foundation

/// A stage in the emulator ready for a rollout: desired/ copied into a temporary folder with dev
/// rolling out by canary (10%, bake 2s), deployed once, then `orders:dev` pushed again so the
/// next reconcile starts a rollout from version 1 to version 2.
final class RolloutFixture {
    let emulator: LoopbackPeer
    let folder: URL
    let desired: URL
    static let image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/orders:dev"

    /// `handler` names the Python file (relative to the repository) the first `orders:dev`
    /// image runs when invoked in the emulator; `alarms` replaces the `alarms:` of
    /// `functions/orders.yaml` (its thresholds also gate the new version's own metrics);
    /// `emulatorArguments` are the emulator's options.
    init(
        rollout: String = "{ strategy: canary, percent: 10, bake: 2s }", handler: String? = nil,
        alarms: String? = nil, emulatorArguments: [String] = []
    ) throws {
        emulator = try LoopbackPeer.emulator(emulatorArguments)
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ballast-rollout-\(UUID().uuidString)")
        desired = folder.appendingPathComponent("desired")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: LoopbackPeer.repositoryRoot.appendingPathComponent("desired"), to: desired)
        let project = desired.appendingPathComponent("ballast.yaml")
        try (try String(contentsOf: project, encoding: .utf8))
            .replacingOccurrences(of: "rollout:    { strategy: allAtOnce }", with: "rollout:    \(rollout)")
            .write(to: project, atomically: true, encoding: .utf8)
        if let alarms {
            let orders = desired.appendingPathComponent("functions/orders.yaml")
            let text = try String(contentsOf: orders, encoding: .utf8)
            let example = "alarms: { errors: 1, durationMs: 3000, api5xx: 1, apiLatencyMs: 2000 }"
            guard text.contains(example) else {
                throw LoopbackPeer.Failure(description: "functions/orders.yaml no longer has \(example)")
            }
            try text.replacingOccurrences(of: example, with: "alarms: \(alarms)")
                .write(to: orders, atomically: true, encoding: .utf8)
        }
        try PythonScript.run(
            "Tests/Support/deploy_synth_output.py",
            [
                "--endpoint", emulator.url, "--stage", "dev", "--region", "us-east-1", "--push-images", Self.image,
                "123456789012.dkr.ecr.us-east-1.amazonaws.com/catalog:dev",
            ] + Self.handlerArguments(handler))
        let first = try ballast(["reconcile", "--stage", "dev"])
        guard first.status == 0 else {
            throw LoopbackPeer.Failure(description: "first reconcile: \(first.standardError)")
        }
        try repush()
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }

    /// A new image under the same tag `orders:dev`; each distinct `seed` is another image,
    /// running `handler` (a Python file relative to the repository) when invoked.
    func repush(seed: String = "again", handler: String? = nil) throws {
        try PythonScript.run(
            "Tests/Support/deploy_synth_output.py",
            [
                "--endpoint", emulator.url, "--stage", "dev", "--region", "us-east-1", "--repush", seed,
                "--push-images", Self.image,
            ] + Self.handlerArguments(handler))
    }

    private static func handlerArguments(_ handler: String?) -> [String] {
        handler.map { ["--handler", LoopbackPeer.repositoryRoot.appendingPathComponent($0).path] } ?? []
    }

    /// The environment `ballast` runs in: the emulator's endpoint and test credentials.
    var environment: [String: String] {
        [
            "AWS_ENDPOINT_URL": emulator.url, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_REGION": "us-east-1", "HOME": folder.path, "USER": "tester",
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "",
            "NO_COLOR": "1",
        ]
    }

    /// Runs `ballast` against the emulator on the copied desired state.
    func ballast(_ arguments: [String]) throws -> BallastExecutable.Result {
        try BallastExecutable.run(arguments + ["--desired", desired.path], environment: environment)
    }

    /// Starts `ballast reconcile --stage dev --wait` as a child process the test can kill,
    /// logging to `log`.
    func reconcileInBackground(log: URL) throws -> ControllerProcess {
        try ControllerProcess(
            arguments: ["--stage", "dev", "--wait", "--desired", desired.path], environment: environment, log: log,
            command: "reconcile")
    }

    /// `ballast status` of dev, parsed.
    func status() throws -> [String: Any] {
        let result = try ballast(["status", "--stage", "dev"])
        let document = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        return document?["dev"] as? [String: Any] ?? [:]
    }

    /// The rollout of `function` in the status, if listed.
    func rollout(_ function: String = "orders") throws -> [String: Any]? {
        (try status()["rollouts"] as? [[String: Any]])?.first { $0["function"] as? String == function }
    }

    /// Runs a Lambda call through boto3 in the emulator and returns its JSON output.
    func lambda(_ code: String) throws -> Any {
        try PythonScript.jsonPrinted(
            byCode: "import boto3, json, sys\n"
                + "lam = boto3.client('lambda', endpoint_url=sys.argv[1], region_name='us-east-1', "
                + "aws_access_key_id='testing', aws_secret_access_key='testing')\n" + code,
            [emulator.url])
    }
}

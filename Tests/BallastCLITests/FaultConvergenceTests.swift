import BallastTestSupport
import Foundation
import Testing

/// The example deployed twice, each into its own emulator: once cleanly, once through the fault
/// proxy failing a fifth of the AWS requests (throttling, 500s, 503s, latency, connections
/// reset mid-response, truncated and malformed bodies; seeded, so a failure can be replayed).
/// Both must end in the same world.
@Suite("convergence under injected AWS faults", .serialized)
struct FaultConvergenceTests {
    /// One emulator, the proxy in front of it, and a copy of desired/.
    final class World {
        let emulator: LoopbackPeer
        let proxy: LoopbackPeer
        let folder: URL
        let log: URL

        init(faultRate: Double, seed: Int, proxyOptions: [String] = []) throws {
            emulator = try LoopbackPeer.emulator()
            folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "ballast-faults-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try FileManager.default.copyItem(
                at: LoopbackPeer.repositoryRoot.appendingPathComponent("desired"),
                to: folder.appendingPathComponent("desired"))
            log = folder.appendingPathComponent("requests.jsonl")
            proxy = try LoopbackPeer.proxy(
                target: emulator.url, log: log.path,
                extra: ["--fault-rate", "\(faultRate)", "--seed", "\(seed)"] + proxyOptions)
            try ReconcileCommandTests.pushImages(to: emulator.url)
        }

        deinit {
            try? FileManager.default.removeItem(at: folder)
        }

        func reconcile() throws -> BallastExecutable.Result {
            try BallastExecutable.run(
                ["reconcile", "--wait", "--desired", folder.appendingPathComponent("desired").path],
                environment: [
                    "AWS_ENDPOINT_URL": proxy.url, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                    "AWS_REGION": "us-east-1", "HOME": folder.path, "USER": "tester",
                    "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "",
                ])
        }

        /// The first deploy of both stages, then a new dev image rolled out.
        func deploy() throws -> [BallastExecutable.Result] {
            let first = try reconcile()
            try PythonScript.run(
                "Tests/Support/deploy_synth_output.py",
                [
                    "--endpoint", emulator.url, "--stage", "dev", "--region", "us-east-1", "--repush", "faults",
                    "--push-images", "123456789012.dkr.ecr.us-east-1.amazonaws.com/orders:dev",
                ])
            return [first, try reconcile()]
        }

        /// What both stages left in the services, read directly from the emulator.
        func state() throws -> [String: String] {
            var result: [String: String] = [:]
            for (stage, region) in [("dev", "us-east-1"), ("prod", "eu-central-1")] {
                result[stage] = try PythonScript.output(
                    "Tests/Support/describe_world.py", [emulator.url, region, "shop-\(stage)-"])
            }
            return result
        }

        /// (requests, faults injected) as the proxy recorded them.
        func faults() throws -> (requests: Int, faults: Int) {
            let lines = try String(contentsOf: log, encoding: .utf8).split(separator: "\n")
            let faulted = lines.filter { !$0.contains(#""fault": null"#) }
            return (lines.count, faulted.count)
        }
    }

    @Test(
        "with a fifth of AWS requests failing, reconcile --wait ends in the fault-free world: no duplicate version, no change set left"
    )
    func twentyPercent() throws {
        let clean = try World(faultRate: 0, seed: 1)
        let faulty = try World(faultRate: 0.2, seed: 20_261_126)
        for result in try clean.deploy() {
            #expect(result.status == 0, "\(result.standardError)")
        }
        for result in try faulty.deploy() {
            #expect(result.status == 0, "\(result.standardError.suffix(3000))")
            #expect(!result.standardError.contains("Fatal error"))
        }
        let (requests, faults) = try faulty.faults()
        #expect(requests > 100 && Double(faults) > Double(requests) * 0.1, "\(faults) faults in \(requests) requests")

        let expected = try clean.state()
        let actual = try faulty.state()
        for stage in ["dev", "prod"] {
            let want = try JSONSerialization.jsonObject(with: Data((expected[stage] ?? "").utf8)) as? NSDictionary
            let got = try JSONSerialization.jsonObject(with: Data((actual[stage] ?? "").utf8)) as? NSDictionary
            #expect(want != nil && want == got, "\(stage):\n\(expected[stage] ?? "")\n\(actual[stage] ?? "")")
            // Each image published once: no two versions of a function with the same code.
            let versions = got?["versions"] as? [String: [String: String]] ?? [:]
            for (function, byVersion) in versions {
                #expect(Set(byVersion.values).count == byVersion.count, "\(function): \(byVersion)")
            }
            let changeSets = got?["changeSets"] as? [String: Int] ?? [:]
            #expect(!changeSets.isEmpty && changeSets.values.allSatisfy { $0 == 0 }, "\(changeSets)")
        }
    }

    @Test(
        "a change set deleted just before its ExecuteChangeSet (a second deploy of the stack at the same moment): the deploy starts again from a new one"
    )
    func changeSetVanishes() throws {
        let world = try World(faultRate: 0, seed: 1, proxyOptions: ["--vanish-change-sets", "3"])
        let result = try world.reconcile()
        #expect(result.status == 0, "\(result.standardError.suffix(3000))")
        let output = result.standardOutput + result.standardError
        let restarts = output.components(separatedBy: "was deleted before it ran").count - 1
        #expect(restarts == 3, "\(restarts) restarts logged:\n\(output.suffix(3000))")
        for (stage, json) in try world.state() {
            let got = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
            let stacks = got?["stacks"] as? [String: [String: Any]] ?? [:]
            #expect(
                stacks.count == 7 && stacks.values.allSatisfy { $0["status"] as? String == "CREATE_COMPLETE" },
                "\(stage): \(stacks)")
            let changeSets = got?["changeSets"] as? [String: Int] ?? [:]
            #expect(changeSets.values.allSatisfy { $0 == 0 }, "\(stage): change sets left: \(changeSets)")
        }
    }

    @Test("a change set that keeps vanishing: the stack's deploy gives up after five attempts and says why")
    func changeSetKeepsVanishing() throws {
        let world = try World(faultRate: 0, seed: 1, proxyOptions: ["--vanish-change-sets", "1000"])
        let result = try world.reconcile()
        #expect(result.status == 1, "exit \(result.status): \(result.standardError.suffix(3000))")
        #expect(
            result.standardError.contains("was deleted before it ran, 5 times in a row"),
            "\(result.standardError.suffix(3000))")
        #expect(!result.standardError.contains("Fatal error"))
    }
}

import BallastTestSupport
import Foundation
import Testing

/// A desired state that cannot be read is an error, and a plan that deletes most of a stage or
/// all of one kind waits for `--allow-delete`: a synced stage whose functions vanished is not
/// pruned. Against the emulator, through the recording proxy.
@Suite("ballast reconcile refuses to delete most of a stage", .serialized)
final class DeletionGuardCommandTests {
    let emulator: LoopbackPeer
    let proxy: LoopbackPeer
    let folder: URL
    let log: URL
    let desired: URL

    init() throws {
        emulator = try LoopbackPeer.emulator()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ballast-guard-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        log = folder.appendingPathComponent("requests.jsonl")
        proxy = try LoopbackPeer.proxy(target: emulator.url, log: log.path)
        desired = folder.appendingPathComponent("desired")
        try FileManager.default.copyItem(at: LoopbackPeer.repositoryRoot.appendingPathComponent("desired"), to: desired)
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }

    func ballast(_ arguments: [String]) throws -> BallastExecutable.Result {
        try BallastExecutable.run(
            arguments + ["--desired", desired.path],
            environment: BallastExecutable.awsEnvironment(endpoint: proxy.url, home: folder))
    }

    /// Requests that change something (anything but Describe*, Get*, List*), since the log was emptied.
    func mutatingRequests() throws -> [String] {
        try String(contentsOf: log, encoding: .utf8).split(separator: "\n").compactMap { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
            let operation = object["operation"] as? String ?? "?"
            return ["Describe", "Get", "List"].contains { operation.hasPrefix($0) }
                ? nil : "\(object["service"] as? String ?? "?"):\(operation)"
        }
    }

    func alarms() throws -> [String] {
        let text = try PythonScript.output("Tests/Support/describe_world.py", [emulator.url, "us-east-1", "shop-dev-"])
        let world = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
        return world["alarms"] as? [String] ?? []
    }

    @Test(
        "a synced stage whose functions vanished: diff says it would be refused, reconcile refuses, --allow-delete applies"
    )
    func functionsVanished() throws {
        try ReconcileCommandTests.pushImages(to: emulator.url, stages: ["dev"])
        let first = try ballast(["reconcile", "--stage", "dev"])
        try #require(first.status == 0, "\(first.standardError)")
        let before = try alarms()
        #expect(before.contains("shop-dev-orders-errors"), "\(before)")

        try FileManager.default.removeItem(at: desired.appendingPathComponent("functions"))
        try FileManager.default.createDirectory(
            at: desired.appendingPathComponent("functions"), withIntermediateDirectories: false)
        try Data().write(to: log)
        let diff = try ballast(["diff", "--stage", "dev"])
        #expect(diff.status == 0, "\(diff.standardError)")
        #expect(diff.standardOutput.contains("refused: would delete"), "\(diff.standardOutput)")
        #expect(diff.standardOutput.contains("every function (2 of 2)"), "\(diff.standardOutput)")

        let refused = try ballast(["reconcile", "--stage", "dev"])
        #expect(refused.status == 1, "\(refused.standardError)")
        #expect(refused.standardError.contains("refused, nothing applied"), "\(refused.standardError)")
        #expect(refused.standardError.contains("--allow-delete"), "\(refused.standardError)")
        #expect(try mutatingRequests() == [])
        #expect(try alarms() == before)

        let allowed = try ballast(["reconcile", "--stage", "dev", "--allow-delete"])
        #expect(allowed.status == 0, "\(allowed.standardError)")
        #expect(!(try alarms()).contains("shop-dev-orders-errors"))
    }

    @Test(
        "functions/ unreadable (mode 000, run as another user): validate and reconcile fail naming it, nothing applied")
    func unreadableFunctionsFolder() throws {
        let functions = desired.appendingPathComponent("functions")
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: functions.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: functions.path) }
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
        // Root reads a folder of mode 000 all the same: run as nobody when the tests run as root.
        var prefix: [String] = []
        if getuid() == 0 {
            let setpriv = try #require(
                ["/usr/bin/setpriv", "/bin/setpriv"].first { FileManager.default.isExecutableFile(atPath: $0) },
                "setpriv (util-linux) is needed to read as another user: apt-get install util-linux")
            prefix = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", "--"]
        }
        for command in [["validate"], ["reconcile", "--stage", "dev"]] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: prefix.first ?? BallastExecutable.url.path)
            process.arguments =
                Array(prefix.dropFirst()) + (prefix.isEmpty ? [] : [BallastExecutable.url.path]) + command + [
                    "--desired", desired.path,
                ]
            process.environment = BallastExecutable.awsEnvironment(endpoint: proxy.url, home: folder)
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = Pipe()
            try Data().write(to: log)
            try process.run()
            let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 1, "\(command): \(text)")
            #expect(text.contains("functions: folder cannot be read: Permission denied"), "\(command): \(text)")
            #expect(try mutatingRequests() == [], "\(command)")
        }
    }
}

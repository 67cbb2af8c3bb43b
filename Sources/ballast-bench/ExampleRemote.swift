import ArgumentParser
import BallastModel
import Foundation

/// The example in a Git working copy with a bare remote (branches main and dev), its images
/// pushed to the emulator: what the controller scenarios run `ballast run` against.
struct ExampleRemote {
    let folder: String
    let work: String
    let remote: String
    /// The commit both branches start at.
    let first: String

    /// Sets it up in a fresh folder from `desired` (the example unless given); `extraDevImages`
    /// are pushed to dev's region as well.
    init(
        name: String, emulator: BenchEmulator, desired: String = Scenario.exampleDirectory,
        extraDevImages: [String] = []
    ) throws {
        folder =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("ballast-bench-\(name)-\(ProcessInfo.processInfo.processIdentifier)").path
        work = folder + "/work"
        remote = folder + "/remote.git"
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: desired, toPath: work + "/desired")
        try Self.git(["init", "-q", "-b", "main"], in: work)
        try Self.git(["add", "-A"], in: work)
        try Self.git(["commit", "-q", "-m", "the example"], in: work)
        try Self.git(["branch", "dev"], in: work)
        try Self.git(["init", "-q", "--bare", remote], in: folder)
        try Self.git(["remote", "add", "origin", remote], in: work)
        try Self.git(["push", "-q", "origin", "main", "dev"], in: work)
        first = try Self.head(work, "main")

        let state = try DesiredStateLoader.load(directory: work + "/desired")
        for stage in state.stages {
            var images = Set(state.functions(in: stage).map(\.image.description))
            if stage.name == "dev" { images.formUnion(extraDevImages) }
            try Commands.run(
                "/usr/bin/env",
                [
                    "python3", "Tests/Support/deploy_synth_output.py", "--endpoint", emulator.endpoint, "--stage",
                    stage.name, "--region", stage.region, "--push-images",
                ] + images.sorted())
        }
    }

    func remove() { try? FileManager.default.removeItem(atPath: folder) }

    func git(_ arguments: [String]) throws { try Self.git(arguments, in: work) }

    func head(_ branch: String) throws -> String { try Self.head(work, branch) }

    /// Changes a file of the working copy's desired/; an edit that changes nothing is an error.
    func edit(_ path: String, _ change: (String) -> String) throws {
        let file = work + "/desired/" + path
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let changed = change(text)
        guard changed != text else { throw ValidationError("the edit of \(path) changed nothing") }
        try changed.write(toFile: file, atomically: true, encoding: .utf8)
    }

    /// Makes dev's orders handler use `memory` MiB and commits it on dev (not pushed).
    func commitOrdersMemory(_ memory: Int) throws -> String {
        try edit("functions/orders.yaml") {
            $0.replacingOccurrences(
                of: #"memoryMiB: \d+, environment"#, with: "memoryMiB: \(memory), environment",
                options: .regularExpression)
        }
        try git(["checkout", "-q", "dev"])
        try git(["commit", "-q", "-am", "orders: \(memory) MiB in dev"])
        return try head("dev")
    }

    static func git(_ arguments: [String], in directory: String) throws {
        try Commands.run(
            "/usr/bin/env", ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.com"] + arguments,
            directory: directory)
    }

    static func head(_ work: String, _ branch: String) throws -> String {
        try Commands.run("/usr/bin/env", ["git", "rev-parse", branch], directory: work).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

import BallastModel
import BallastSynth
import Crypto
import DesiredStateGenerator
import Foundation

/// Shared inputs of the synthesizer tests.
enum SynthFixtures {
    static let repositoryRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Golden")

    /// The repository's example desired state.
    static func example() throws -> DesiredState {
        try DesiredStateLoader.load(directory: repositoryRoot.appendingPathComponent("desired").path)
    }

    /// A generated desired state with `functions` functions per stage.
    static func generated(_ functions: Int, databases: Int = 2) throws -> DesiredState {
        try DesiredStateLoader.load(DesiredStateGenerator(functionCount: functions, databaseCount: databases).tree())
    }

    static func sha256(_ text: String) -> String {
        Hex.lowercase(SHA256.hash(data: Data(text.utf8)))
    }

    /// Writes every stack of `assembly` and its manifest under `folder`, as `ballast synth` does.
    static func write(_ assembly: CloudAssembly, to folder: URL) throws {
        let fileManager = FileManager.default
        for stage in assembly.stages {
            for stack in stage.stacks {
                let file = folder.appendingPathComponent(
                    Manifest.templateFile(stage: stage.stage.name, stack: stack.name))
                try fileManager.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(stack.body.utf8).write(to: file)
            }
        }
        try manifestText(assembly).write(
            to: folder.appendingPathComponent("manifest.json"), atomically: true, encoding: .utf8)
    }

    /// The manifest `ballast synth` writes for `assembly`, and a final newline (as the golden file has it).
    static func manifestText(_ assembly: CloudAssembly) throws -> String {
        Manifest(assembly, sha256: sha256).jsonText + "\n"
    }
}

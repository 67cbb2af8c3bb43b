import BallastModel
import BallastSynth
import Foundation

/// Fuzzes the desired-state loader: YAML parsing, reading every file kind and every validation
/// rule, as `ballast validate` runs them; a state that passes is synthesized too, since a valid
/// state must never trap the synthesizer.
///
/// An input is one or more files: text up to the first line `=== <path>` is `ballast.yaml`,
/// each such line starts the file at `<path>` (`=== functions/orders.yaml`).
public enum DesiredStateFuzzing {
    /// The line prefix that starts a file.
    static let fileMarker = Array("=== ".utf8)

    /// Loads, validates and (when valid) synthesizes the desired state in `bytes`.
    public static func run(_ bytes: [UInt8]) -> FuzzOutcome {
        let state: DesiredState
        do {
            state = try DesiredStateLoader.load(tree(bytes))
        } catch {
            return .rejected(error.errors.map(\.description).joined(separator: "\n"))
        }
        do {
            let assembly = try Synthesizer.synthesize(state)
            let stacks = assembly.stages.map(\.stacks.count).reduce(0, +)
            return .accepted("project \(state.project): \(state.stages.count) stages, \(stacks) stacks")
        } catch {
            return .rejected(error.message)
        }
    }

    /// The files of `bytes`, by path.
    static func tree(_ bytes: [UInt8]) -> DesiredTree {
        var files: [String: Data] = [:]
        var path = "ballast.yaml"
        var content = Data()
        var sawMarker = false
        for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            if line.starts(with: fileMarker) {
                if sawMarker || !content.isEmpty { files[path] = content }
                path = String(decoding: line.dropFirst(fileMarker.count), as: UTF8.self)
                content = Data()
                sawMarker = true
            } else {
                content.append(contentsOf: line)
                content.append(UInt8(ascii: "\n"))
            }
        }
        files[path] = content
        return DesiredTree(entries: files.mapValues { .file($0) })
    }
}

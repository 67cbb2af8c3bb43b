import BallastModel
import Foundation
import Yams

/// The example desired state (`desired/`) held in memory, each YAML file also parsed into a
/// Yams node tree, so that tests can change one file and load the result as a `DesiredTree`.
struct ExampleFiles {
    /// Every file's bytes, by path relative to `desired/`.
    var data: [String: Data]
    /// The YAML files (not the notes) as node trees, by path.
    var nodes: [String: Node]

    /// Reads `desired/`.
    static func read() throws -> ExampleFiles {
        let tree = try DesiredTree.read(directory: ExampleState.directory)
        var data: [String: Data] = [:]
        var nodes: [String: Node] = [:]
        for (path, entry) in tree.entries {
            guard case .file(let bytes) = entry else { continue }
            data[path] = bytes
            if path.hasSuffix(".yaml"), let node = try Yams.compose(yaml: String(decoding: bytes, as: UTF8.self)) {
                nodes[path] = node
            }
        }
        return ExampleFiles(data: data, nodes: nodes)
    }

    /// The YAML paths, sorted (so that draws from a seeded generator repeat).
    var yamlPaths: [String] { nodes.keys.sorted() }

    /// The whole state with `path` holding `bytes` instead.
    func tree(replacing path: String, with bytes: Data) -> DesiredTree {
        var entries = data.mapValues { DesiredTree.Entry.file($0) }
        entries[path] = .file(bytes)
        return DesiredTree(entries: entries)
    }

    /// The whole state with `path` holding `node`, serialized by Yams.
    func tree(replacing path: String, with node: Node) throws -> DesiredTree {
        tree(replacing: path, with: Data(try Yams.serialize(node: node).utf8))
    }
}

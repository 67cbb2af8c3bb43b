import Yams

/// Files other than raw templates are plain YAML: a tag (`!Ref`, `!Bogus`) means nothing in
/// them, and reading past it would silently drop what the author meant by it.
enum PlainYAML {
    /// The first node, in document order, that carries a tag other than YAML's own.
    static func firstTagged(in root: Node) -> (tag: String, mark: Mark?)? {
        var pending = [root]
        while let node = pending.popLast() {
            if !CloudFormationTags.isUntagged(node) { return (CloudFormationTags.writtenTag(of: node), node.mark) }
            switch node {
            case .scalar, .alias: break
            case .sequence(let sequence): pending.append(contentsOf: sequence.reversed())
            case .mapping(let mapping):
                for (key, value) in mapping.reversed() { pending.append(contentsOf: [value, key]) }
            }
        }
        return nil
    }

    /// The error for a tag in a plain file, at the tag's position.
    static func error(tag: String, mark: Mark?, path: String) -> DesiredStateError {
        DesiredStateError(
            file: path, line: mark?.line ?? 1, column: mark?.column ?? 1,
            message:
                "the YAML tag '\(tag)' means nothing here: only templates/ may use tags (CloudFormation's !Ref, !Sub, …); write the plain value"
        )
    }
}

import Yams

/// The way from a YAML document's root to one of its nodes: mapping keys and list indices.
struct YAMLPath: Hashable, CustomStringConvertible {
    /// One step: a key of a mapping or an index of a list.
    enum Step: Hashable {
        case key(String)
        case index(Int)
    }

    var steps: [Step]

    init(_ steps: [Step] = []) {
        self.steps = steps
    }

    /// The last key on the path (`percent` for `stages.prod.rollout.percent`).
    var lastKey: String? {
        if case .key(let key) = steps.last { return key }
        return nil
    }

    func appending(_ step: Step) -> YAMLPath {
        YAMLPath(steps + [step])
    }

    func contains(key: String) -> Bool {
        steps.contains(.key(key))
    }

    var description: String {
        steps.map {
            switch $0 {
            case .key(let key): return key
            case .index(let index): return "[\(index)]"
            }
        }.joined(separator: ".")
    }

    /// Every node under `root` that is a mapping value or list element, with its path.
    static func all(in root: Node) -> [(path: YAMLPath, node: Node)] {
        var found: [(YAMLPath, Node)] = []
        func walk(_ node: Node, _ path: YAMLPath) {
            switch node {
            case .mapping(let mapping):
                for (key, value) in mapping {
                    guard let name = key.string else { continue }
                    let child = path.appending(.key(name))
                    found.append((child, value))
                    walk(value, child)
                }
            case .sequence(let sequence):
                for (index, element) in sequence.enumerated() {
                    let child = path.appending(.index(index))
                    found.append((child, element))
                    walk(element, child)
                }
            case .scalar, .alias:
                break
            }
        }
        walk(root, YAMLPath())
        return found
    }

    /// The node at this path under `root`, nil when there is none.
    func node(in root: Node) -> Node? {
        var current = root
        for step in steps {
            switch (step, current) {
            case (.key(let key), .mapping(let mapping)):
                guard let next = mapping.first(where: { $0.key.string == key })?.value else { return nil }
                current = next
            case (.index(let index), .sequence(let sequence)) where index < sequence.count:
                current = sequence[sequence.index(sequence.startIndex, offsetBy: index)]
            default:
                return nil
            }
        }
        return current
    }

    /// `root` with the node at this path replaced by `value` (added, with any mappings on the
    /// way, when keys are missing), or removed when `value` is nil. Unchanged when the path
    /// leads through a scalar or past the end of a list.
    func replacing(in root: Node, with value: Node?) -> Node {
        Self.replace(root, steps[...], value)
    }

    private static func replace(_ node: Node, _ steps: ArraySlice<Step>, _ value: Node?) -> Node {
        guard let step = steps.first else { return value ?? node }
        let rest = steps.dropFirst()
        switch (step, node) {
        case (.key(let key), .mapping(let mapping)):
            var pairs = mapping.map { ($0.key, $0.value) }
            if let index = pairs.firstIndex(where: { $0.0.string == key }) {
                if rest.isEmpty, value == nil {
                    pairs.remove(at: index)
                } else {
                    pairs[index].1 = replace(pairs[index].1, rest, value)
                }
            } else if let value {
                // A missing key on the way is created, so `stages.qa.image` can be added.
                let created = rest.isEmpty ? value : replace(Node([(Node, Node)]()), rest, value)
                pairs.append((Node(key), created))
            }
            return .mapping(Node.Mapping(pairs, mapping.tag, mapping.style))
        case (.index(let index), .sequence(let sequence)) where index < sequence.count:
            var nodes = Array(sequence)
            if rest.isEmpty, value == nil {
                nodes.remove(at: index)
            } else {
                nodes[index] = replace(nodes[index], rest, value)
            }
            return .sequence(Node.Sequence(nodes, sequence.tag, sequence.style))
        default:
            return node
        }
    }
}

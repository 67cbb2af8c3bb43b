// CYaml is the libyaml that Yams builds on and links; its events are the only way to see a key
// before Yams composes (and hashes) it. Yams exposes no event API of its own.
import CYaml

/// Finds a YAML alias written as a mapping key, or inside one, before the document is composed.
///
/// Yams checks every mapping for duplicate keys by hashing them as it composes, and a key that
/// is an alias (`? *bomb : 1`) is hashed with everything the alias names: a few hundred bytes of
/// nested aliases stand for gigabytes, and the hashing takes minutes and cannot be cancelled —
/// before ``YAMLBudget`` ever sees the tree. No desired-state key (nor any CloudFormation key) is
/// anything but a plain name, so such a key is refused at its position instead, from libyaml's
/// events, in time linear in the text.
public enum YAMLAliasKeys {
    /// How often (in events) the scan looks whether its task was cancelled.
    static let cancellationStride = 4096

    /// What the scan found.
    public enum Finding: Sendable, Equatable {
        /// An alias in key position, at this 1-based line and column.
        case aliasKey(line: Int, column: Int)
        /// The task doing the work was cancelled.
        case cancelled
    }

    /// The error text for an alias key.
    public static let message =
        "a YAML alias (*name) may not be a mapping key or part of one; keys are plain names, write the key itself"

    /// The first alias written as a mapping key or inside a complex key, nil when there is none
    /// (or the text is not valid YAML: Yams reports that itself when it composes).
    public static func first(in text: String) -> Finding? {
        // Without `*` there is no alias: the common case costs one pass over the bytes.
        guard text.utf8.contains(UInt8(ascii: "*")) else { return nil }
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { buffer in scan(buffer) }
    }

    private enum Frame {
        case sequence
        case mapping(expectingKey: Bool)
    }

    private static func scan(_ buffer: UnsafeMutableBufferPointer<UInt8>) -> Finding? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)

        var frames: [Frame] = []
        // The depth of `frames` at which the complex key being read began; nil outside of keys.
        var keyStartDepth: Int?
        var events = 0
        while true {
            var event = yaml_event_t()
            guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
            defer { yaml_event_delete(&event) }
            events += 1
            if events % cancellationStride == 0, Task.isCancelled { return .cancelled }

            let inKeyPosition: Bool
            if case .mapping(expectingKey: true) = frames.last { inKeyPosition = true } else { inKeyPosition = false }
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return nil
            case YAML_ALIAS_EVENT:
                if inKeyPosition || keyStartDepth != nil {
                    return .aliasKey(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
                }
                completeNode(in: &frames)
            case YAML_SCALAR_EVENT:
                completeNode(in: &frames)
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                if inKeyPosition, keyStartDepth == nil { keyStartDepth = frames.count }
                frames.append(event.type == YAML_SEQUENCE_START_EVENT ? .sequence : .mapping(expectingKey: true))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                frames.removeLast()
                if keyStartDepth == frames.count { keyStartDepth = nil }
                completeNode(in: &frames)
            default:
                break
            }
        }
    }

    /// A node ended: in a mapping, a key is followed by its value and a value by the next key.
    private static func completeNode(in frames: inout [Frame]) {
        if case .mapping(let expectingKey) = frames.last {
            frames[frames.count - 1] = .mapping(expectingKey: !expectingKey)
        }
    }
}

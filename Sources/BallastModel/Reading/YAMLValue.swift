import Yams

/// A YAML node with the file it came from: the unit the readers below work on.
public struct YAMLValue {
    /// The node as Yams composed it (with its mark: line and column).
    public let node: Node
    /// The file the node was read from, as errors name it.
    public let file: String

    /// The value of `node`, read from `file`.
    public init(node: Node, file: String) {
        self.node = node
        self.file = file
    }

    /// Where the node starts, for errors.
    public var position: SourcePosition {
        let mark = node.mark
        return SourcePosition(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    /// A short description of what was found, for "found …" in messages.
    public var found: String {
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain, isNull { return "nothing (null)" }
            let text = scalar.string.count > 40 ? String(scalar.string.prefix(40)) + "…" : scalar.string
            return "'\(text)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    /// Whether the node is YAML null (`~`, `null` or nothing).
    public var isNull: Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// The text of a scalar (a string, or a number or boolean written plainly), nil otherwise.
    public var scalarText: String? {
        guard case .scalar(let scalar) = node, !isNull else { return nil }
        return scalar.string
    }

    /// True when the scalar was written without quotes, so `512` is a number and `"512"` text.
    public var isPlainScalar: Bool {
        if case .scalar(let scalar) = node { return scalar.style == .plain }
        return false
    }

    /// What was found where a number or boolean was expected: like `found`, but a quoted
    /// `"512"` that would be right unquoted is called out, since it reads like what it is not.
    public func found(unquotedWouldBe isAllowed: (String) -> Bool) -> String {
        guard !isPlainScalar, let text = scalarText, isAllowed(text) else { return found }
        return "\(found) in quotes, which is text (write it without quotes)"
    }
}

/// Reads one YAML mapping against the keys a part of the format allows; reports unknown keys
/// (with a suggestion), missing required keys and wrongly typed values to the sink.
public final class MappingReader {
    /// The mapping read.
    public let value: YAMLValue
    /// What the mapping is, as errors name it (`'github'`, `application 2`).
    public let context: String
    private let allowedKeys: [String]
    private var entries: [String: (key: YAMLValue, value: YAMLValue)] = [:]
    private let sink: DiagnosticSink

    /// Nil (with an error reported) when the node is not a mapping.
    public init?(_ value: YAMLValue, context: String, allowedKeys: [String], sink: DiagnosticSink) {
        self.value = value
        self.context = context
        self.allowedKeys = allowedKeys
        self.sink = sink
        guard case .mapping(let mapping) = value.node else {
            sink.report(value.position, "\(context) must be a mapping, found \(value.found)")
            return nil
        }
        for (keyNode, valueNode) in mapping {
            let key = YAMLValue(node: keyNode, file: value.file)
            guard let name = key.scalarText else {
                sink.report(key.position, "keys in \(context) must be plain names, found \(key.found)")
                continue
            }
            guard allowedKeys.contains(name) else {
                let allowed = allowedKeys.joined(separator: ", ")
                sink.report(
                    key.position,
                    "unknown key '\(name)' in \(context)\(Suggestion.phrase(for: name, in: allowedKeys)) (allowed: \(allowed))"
                )
                continue
            }
            entries[name] = (key, YAMLValue(node: valueNode, file: value.file))
        }
    }

    /// Where the mapping starts.
    public var position: SourcePosition { value.position }

    /// The value under `key`, or nil when absent or written as null.
    public func optional(_ key: String) -> YAMLValue? {
        guard let entry = entries[key], !entry.value.isNull else { return nil }
        return entry.value
    }

    /// The value under `key`; reports it missing when absent.
    public func required(_ key: String) -> YAMLValue? {
        if let value = optional(key) { return value }
        if let entry = entries[key] {
            sink.report(entry.value.position, "'\(key)' in \(context) must not be empty")
        } else {
            sink.report(position, "missing required key '\(key)' in \(context)")
        }
        return nil
    }

    /// Whether the key was written at all.
    public func has(_ key: String) -> Bool { entries[key] != nil }

    /// The position of a key itself (for errors about the key rather than its value).
    public func keyPosition(_ key: String) -> SourcePosition? { entries[key]?.key.position }

    // MARK: Typed values

    /// The string at `key`, nil (with an error when `isRequired` or mistyped) when there is none.
    public func string(_ key: String, required isRequired: Bool = false) -> Located<String>? {
        guard let value = isRequired ? required(key) : optional(key) else { return nil }
        return ScalarReading.string(value, what: "'\(key)'", sink: sink)
    }

    /// The integer at `key` within `range` (`unit` names it in errors).
    public func integer(_ key: String, in range: ClosedRange<Int>, unit: String = "", required isRequired: Bool = false)
        -> Located<Int>?
    {
        guard let value = isRequired ? required(key) : optional(key) else { return nil }
        return ScalarReading.integer(value, what: "'\(key)'", in: range, unit: unit, sink: sink)
    }

    /// The boolean at `key`, nil when absent or mistyped (reported).
    public func boolean(_ key: String) -> Located<Bool>? {
        guard let value = optional(key) else { return nil }
        return ScalarReading.boolean(value, what: "'\(key)'", sink: sink)
    }

    /// The duration at `key` (`500ms`, `30s`, `5m`, `1h`) within `range`.
    public func duration(_ key: String, in range: ClosedRange<Duration>, required isRequired: Bool = false)
        -> Located<Duration>?
    {
        guard let value = isRequired ? required(key) : optional(key) else { return nil }
        return ScalarReading.duration(value, what: "'\(key)'", in: range, sink: sink)
    }

    /// A reader of the mapping at `key`, whose keys must be among `allowedKeys`.
    public func mapping(_ key: String, context: String, allowedKeys: [String], required isRequired: Bool = false)
        -> MappingReader?
    {
        guard let value = isRequired ? required(key) : optional(key) else { return nil }
        return MappingReader(value, context: context, allowedKeys: allowedKeys, sink: sink)
    }
}

/// Conversions of single YAML values to typed values, reporting what was expected.
public enum ScalarReading {
    /// `value` as a string; `what` names it in the error when it is not a scalar.
    public static func string(_ value: YAMLValue, what: String, sink: DiagnosticSink) -> Located<String>? {
        guard let text = value.scalarText else {
            sink.report(value.position, "\(what) must be a string, found \(value.found)")
            return nil
        }
        return Located(text, at: value.position)
    }

    /// `value` as an integer within a range.
    public static func integer(
        _ value: YAMLValue, what: String, in range: ClosedRange<Int>, unit: String, sink: DiagnosticSink
    ) -> Located<Int>? {
        let allowed = "an integer from \(range.lowerBound) to \(range.upperBound)\(unit)"
        guard value.isPlainScalar, let text = value.scalarText, let number = Int(text) else {
            sink.report(
                value.position, "\(what) must be \(allowed), found \(value.found(unquotedWouldBe: { Int($0) != nil }))")
            return nil
        }
        guard range.contains(number) else {
            sink.report(value.position, "\(what) must be \(allowed), found \(number)")
            return nil
        }
        return Located(number, at: value.position)
    }

    /// `value` as `true` or `false`.
    public static func boolean(_ value: YAMLValue, what: String, sink: DiagnosticSink) -> Located<Bool>? {
        guard value.isPlainScalar, let text = value.scalarText, text == "true" || text == "false" else {
            sink.report(
                value.position,
                "\(what) must be true or false, found \(value.found(unquotedWouldBe: { $0 == "true" || $0 == "false" }))"
            )
            return nil
        }
        return Located(text == "true", at: value.position)
    }

    /// `value` as a duration (`500ms`, `30s`, `5m`, `1h`) within a range.
    public static func duration(
        _ value: YAMLValue, what: String, in range: ClosedRange<Duration>, sink: DiagnosticSink
    ) -> Located<Duration>? {
        guard let text = value.scalarText, let duration = DurationText.parse(text) else {
            sink.report(
                value.position,
                "\(what) must be a duration such as 500ms, 30s, 5m or 1h, found \(value.found)")
            return nil
        }
        guard range.contains(duration) else {
            sink.report(
                value.position,
                "\(what) must be from \(DurationText.format(range.lowerBound)) to \(DurationText.format(range.upperBound)), found \(text)"
            )
            return nil
        }
        return Located(duration, at: value.position)
    }

    /// A list of strings; nil (with errors reported) when it is not one.
    public static func stringList(_ value: YAMLValue, what: String, sink: DiagnosticSink) -> [Located<String>]? {
        guard case .sequence(let sequence) = value.node else {
            sink.report(value.position, "\(what) must be a list of strings, found \(value.found)")
            return nil
        }
        var result: [Located<String>] = []
        for element in sequence {
            let item = YAMLValue(node: element, file: value.file)
            if let text = string(item, what: "each entry of \(what)", sink: sink) {
                result.append(text)
            }
        }
        return result
    }
}

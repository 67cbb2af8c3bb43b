/// Writes JSON deterministically: object keys sorted by their UTF-8 bytes, one-space
/// indentation (as CDK writes templates), no trailing spaces, a final newline. The same value
/// always gives the same bytes, which makes golden files and template hashes meaningful.
/// `Style.foundationPretty` lays the same out as Foundation's `JSONEncoder` does (the
/// manifest's format), without Codable's cost at a cold start.
public enum CanonicalJSON {
    /// How the text is laid out.
    public struct Style: Sendable, Hashable {
        /// Spaces per level.
        var indentWidth: Int
        /// Between a member's name and its value.
        var nameSeparator: String
        /// Whether an empty array or object is written open (`[`, an empty line, `]`), as
        /// `JSONEncoder` writes it, rather than `[]`.
        var opensEmptyContainers: Bool
        /// Whether backspace and form feed are written `\b` and `\f` rather than `\u0008`, `\u000c`.
        var shortEscapes: Bool
        /// Whether the text ends with a newline.
        var endsWithNewline: Bool

        /// Templates, policies and plans: one space a level, `"name": value`, a final newline.
        public static let template = Style(
            indentWidth: 1, nameSeparator: ": ", opensEmptyContainers: false, shortEscapes: false,
            endsWithNewline: true)

        /// What `JSONEncoder` writes with `[.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]`:
        /// two spaces a level, `"name" : value`, empty containers written open, no final newline.
        public static let foundationPretty = Style(
            indentWidth: 2, nameSeparator: " : ", opensEmptyContainers: true, shortEscapes: true,
            endsWithNewline: false)
    }

    /// The text of `value`.
    public static func encode(_ value: JSONValue, style: Style = .template) -> String {
        var output = ByteWriter()
        write(value, indent: 0, style: style, into: &output)
        if style.endsWithNewline { output.bytes.append(UInt8(ascii: "\n")) }
        return String(decoding: output.bytes, as: UTF8.self)
    }

    /// The number of bytes `encode` would produce in the template style, without building the text.
    public static func byteCount(_ value: JSONValue) -> Int {
        var output = ByteCounter()
        write(value, indent: 0, style: .template, into: &output)
        return output.count + 1
    }

    private static func write(_ value: JSONValue, indent: Int, style: Style, into output: inout some JSONOutput) {
        switch value {
        case .string(let text): writeString(text, style: style, into: &output)
        case .integer(let number): output.append(String(number).utf8)
        case .bool(let flag): output.append(flag ? "true".utf8 : "false".utf8)
        case .null: output.append("null".utf8)
        case .array(let elements):
            guard !elements.isEmpty else { return writeEmpty("[", "]", indent: indent, style: style, into: &output) }
            output.append("[\n".utf8)
            for (index, element) in elements.enumerated() {
                output.appendSpaces((indent + 1) * style.indentWidth)
                write(element, indent: indent + 1, style: style, into: &output)
                output.append(index == elements.count - 1 ? "\n".utf8 : ",\n".utf8)
            }
            output.appendSpaces(indent * style.indentWidth)
            output.append("]".utf8)
        case .object(let members):
            guard !members.isEmpty else { return writeEmpty("{", "}", indent: indent, style: style, into: &output) }
            output.append("{\n".utf8)
            // Sorting the members' positions, not keys or pairs: no hash lookup per key, no copies.
            var order = Array(members.indices)
            order.sort { precedes(members[$0].key, members[$1].key) }
            for (index, position) in order.enumerated() {
                let member = members[position]
                output.appendSpaces((indent + 1) * style.indentWidth)
                writeString(member.key, style: style, into: &output)
                output.append(style.nameSeparator.utf8)
                write(member.value, indent: indent + 1, style: style, into: &output)
                output.append(index == order.count - 1 ? "\n".utf8 : ",\n".utf8)
            }
            output.appendSpaces(indent * style.indentWidth)
            output.append("}".utf8)
        }
    }

    private static func writeEmpty(
        _ open: Unicode.Scalar, _ close: Unicode.Scalar, indent: Int, style: Style, into output: inout some JSONOutput
    ) {
        output.append(CollectionOfOne(UInt8(ascii: open)))
        if style.opensEmptyContainers {
            output.append("\n\n".utf8)
            output.appendSpaces(indent * style.indentWidth)
        }
        output.append(CollectionOfOne(UInt8(ascii: close)))
    }

    /// Whether `a` sorts before `b` by UTF-8 bytes, compared in place (the generic
    /// `utf8.lexicographicallyPrecedes` walks both views byte by byte through an iterator).
    private static func precedes(_ a: String, _ b: String) -> Bool {
        var a = a
        var b = b
        return a.withUTF8 { left in
            b.withUTF8 { right in
                for index in 0..<min(left.count, right.count) where left[index] != right[index] {
                    return left[index] < right[index]
                }
                return left.count < right.count
            }
        }
    }

    private static func writeString(_ text: String, style: Style, into output: inout some JSONOutput) {
        output.append(CollectionOfOne(UInt8(ascii: "\"")))
        var text = text
        let plain = text.withUTF8 { bytes in
            guard !bytes.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") })
            else { return false }
            output.append(bytes)
            return true
        }
        if !plain {
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "\""): output.append("\\\"".utf8)
                case UInt8(ascii: "\\"): output.append("\\\\".utf8)
                case UInt8(ascii: "\n"): output.append("\\n".utf8)
                case UInt8(ascii: "\r"): output.append("\\r".utf8)
                case UInt8(ascii: "\t"): output.append("\\t".utf8)
                case 0x08 where style.shortEscapes: output.append("\\b".utf8)
                case 0x0C where style.shortEscapes: output.append("\\f".utf8)
                case ..<0x20:
                    let hex = String(byte, radix: 16)
                    output.append(("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
                default: output.append(CollectionOfOne(byte))
                }
            }
        }
        output.append(CollectionOfOne(UInt8(ascii: "\"")))
    }
}

/// Where the writer puts bytes: a buffer, or a counter for sizes.
private protocol JSONOutput {
    mutating func append(_ bytes: some Collection<UInt8>)
    mutating func appendSpaces(_ count: Int)
}

private struct ByteWriter: JSONOutput {
    var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(16_384) }

    mutating func append(_ bytes: some Collection<UInt8>) { self.bytes.append(contentsOf: bytes) }
    mutating func appendSpaces(_ count: Int) {
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: count))
    }
}

private struct ByteCounter: JSONOutput {
    var count = 0

    mutating func append(_ bytes: some Collection<UInt8>) { count += bytes.count }
    mutating func appendSpaces(_ count: Int) { self.count += count }
}

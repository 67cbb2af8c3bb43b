/// Writes JSON deterministically: object keys sorted by their UTF-8 bytes, one-space
/// indentation (as CDK writes templates), no trailing spaces, a final newline. The same value
/// always gives the same bytes, which makes golden files and template hashes meaningful.
public enum CanonicalJSON {
    /// The bytes of `value`.
    public static func encode(_ value: JSONValue) -> String {
        var output = ""
        output.reserveCapacity(4096)
        write(value, indent: 0, into: &output)
        output.append("\n")
        return output
    }

    private static func write(_ value: JSONValue, indent: Int, into output: inout String) {
        switch value {
        case .string(let text): writeString(text, into: &output)
        case .integer(let number): output.append(String(number))
        case .bool(let flag): output.append(flag ? "true" : "false")
        case .null: output.append("null")
        case .array(let elements):
            guard !elements.isEmpty else { return output.append("[]") }
            output.append("[\n")
            for (index, element) in elements.enumerated() {
                output.append(String(repeating: " ", count: indent + 1))
                write(element, indent: indent + 1, into: &output)
                output.append(index == elements.count - 1 ? "\n" : ",\n")
            }
            output.append(String(repeating: " ", count: indent))
            output.append("]")
        case .object(let members):
            guard !members.isEmpty else { return output.append("{}") }
            output.append("{\n")
            let keys = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (index, key) in keys.enumerated() {
                output.append(String(repeating: " ", count: indent + 1))
                writeString(key, into: &output)
                output.append(": ")
                write(members[key]!, indent: indent + 1, into: &output)
                output.append(index == keys.count - 1 ? "\n" : ",\n")
            }
            output.append(String(repeating: " ", count: indent))
            output.append("}")
        }
    }

    private static func writeString(_ text: String, into output: inout String) {
        output.append("\"")
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output.append("\\\"")
            case "\\": output.append("\\\\")
            case "\n": output.append("\\n")
            case "\r": output.append("\\r")
            case "\t": output.append("\\t")
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default: output.unicodeScalars.append(scalar)
            }
        }
        output.append("\"")
    }
}

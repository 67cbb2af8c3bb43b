/// Reads JSON text (RFC 8259) into a `JSONValue`, as `JSONValue`'s `Decodable` conformance
/// reads it through Foundation's `JSONDecoder`: a number whose value is a whole `Int` is
/// `.integer` (`1.0` and `2e3` too), any other number is `.string` of its `Double`; of a name
/// given twice in one object the first is kept. Strict: one value, nothing after it but whitespace, strings of
/// valid UTF-8 without raw control characters, no comments, nesting at most `maximumDepth`.
///
/// It exists for the start of `ballast synth`: reading the previous `manifest.json` through
/// `JSONDecoder` costs a cold process more than the rest of the read (Codable instantiates
/// a container type per key type), this a few microseconds.
public enum JSONReader {
    /// Why the text is not JSON, and at which byte.
    public struct SyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
        /// Offset of the byte where reading stopped, from 0.
        public var offset: Int
        /// What was wrong there.
        public var reason: String

        public var description: String { "byte \(offset): \(reason)" }
    }

    /// How deep arrays and objects may nest.
    public static let maximumDepth = 256

    /// The value of `text`.
    public static func parse(_ text: [UInt8]) throws(SyntaxError) -> JSONValue {
        var cursor = Cursor(bytes: text)
        cursor.skipWhitespace()
        let value = try cursor.value(depth: 0)
        cursor.skipWhitespace()
        guard cursor.atEnd else { throw cursor.failure("text after the value") }
        return value
    }

    private struct Cursor {
        let bytes: [UInt8]
        var position = 0

        var atEnd: Bool { position == bytes.count }

        func failure(_ reason: String) -> SyntaxError { SyntaxError(offset: position, reason: reason) }

        mutating func skipWhitespace() {
            while position < bytes.count {
                switch bytes[position] {
                case 0x20, 0x09, 0x0A, 0x0D: position += 1
                default: return
                }
            }
        }

        mutating func value(depth: Int) throws(SyntaxError) -> JSONValue {
            guard position < bytes.count else { throw failure("a value was expected, the text ended") }
            switch bytes[position] {
            case UInt8(ascii: "{"): return try object(depth: depth + 1)
            case UInt8(ascii: "["): return try array(depth: depth + 1)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): return try literal("true", .bool(true))
            case UInt8(ascii: "f"): return try literal("false", .bool(false))
            case UInt8(ascii: "n"): return try literal("null", .null)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
            default: throw failure("a value was expected")
            }
        }

        mutating func literal(_ word: StaticString, _ value: JSONValue) throws(SyntaxError) -> JSONValue {
            let count = word.utf8CodeUnitCount
            guard position + count <= bytes.count else { throw failure("'\(word)' was expected") }
            let matches = word.withUTF8Buffer { expected in
                (0..<count).allSatisfy { bytes[position + $0] == expected[$0] }
            }
            guard matches else { throw failure("'\(word)' was expected") }
            position += count
            return value
        }

        mutating func object(depth: Int) throws(SyntaxError) -> JSONValue {
            guard depth <= JSONReader.maximumDepth else {
                throw failure("nested deeper than \(JSONReader.maximumDepth)")
            }
            position += 1
            var members: [String: JSONValue] = [:]
            skipWhitespace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
                position += 1
                return .object(members)
            }
            while true {
                skipWhitespace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                    throw failure("a member name in quotes was expected")
                }
                let key = try string()
                skipWhitespace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
                    throw failure("':' was expected after a member name")
                }
                position += 1
                skipWhitespace()
                let member = try value(depth: depth)
                if members[key] == nil { members[key] = member }
                skipWhitespace()
                guard position < bytes.count else { throw failure("the object is not closed") }
                switch bytes[position] {
                case UInt8(ascii: ","): position += 1
                case UInt8(ascii: "}"):
                    position += 1
                    return .object(members)
                default: throw failure("',' or '}' was expected")
                }
            }
        }

        mutating func array(depth: Int) throws(SyntaxError) -> JSONValue {
            guard depth <= JSONReader.maximumDepth else {
                throw failure("nested deeper than \(JSONReader.maximumDepth)")
            }
            position += 1
            var elements: [JSONValue] = []
            skipWhitespace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
                position += 1
                return .array(elements)
            }
            while true {
                skipWhitespace()
                elements.append(try value(depth: depth))
                skipWhitespace()
                guard position < bytes.count else { throw failure("the array is not closed") }
                switch bytes[position] {
                case UInt8(ascii: ","): position += 1
                case UInt8(ascii: "]"):
                    position += 1
                    return .array(elements)
                default: throw failure("',' or ']' was expected")
                }
            }
        }

        /// A string; `position` is at its opening quote.
        mutating func string() throws(SyntaxError) -> String {
            position += 1
            let start = position
            // The common case: no escapes, copied in one piece.
            while position < bytes.count, bytes[position] != UInt8(ascii: "\""), bytes[position] != UInt8(ascii: "\\"),
                bytes[position] >= 0x20
            {
                position += 1
            }
            var text = bytes[start..<position]
            if position < bytes.count, bytes[position] == UInt8(ascii: "\"") {
                position += 1
                return try validated(text, from: start)
            }
            var unescaped = Array(text)
            while true {
                guard position < bytes.count else { throw failure("the string is not closed") }
                let byte = bytes[position]
                switch byte {
                case UInt8(ascii: "\""):
                    position += 1
                    text = unescaped[...]
                    return try validated(text, from: start)
                case UInt8(ascii: "\\"):
                    position += 1
                    try escape(into: &unescaped)
                case ..<0x20: throw failure("a control character in a string must be escaped")
                default:
                    unescaped.append(byte)
                    position += 1
                }
            }
        }

        func validated(_ text: ArraySlice<UInt8>, from start: Int) throws(SyntaxError) -> String {
            guard let string = String(validating: text, as: UTF8.self) else {
                throw SyntaxError(offset: start, reason: "the string is not valid UTF-8")
            }
            return string
        }

        /// One escape sequence; `position` is after its backslash.
        mutating func escape(into text: inout [UInt8]) throws(SyntaxError) {
            guard position < bytes.count else { throw failure("the string is not closed") }
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(byte)
            case UInt8(ascii: "b"): text.append(0x08)
            case UInt8(ascii: "f"): text.append(0x0C)
            case UInt8(ascii: "n"): text.append(0x0A)
            case UInt8(ascii: "r"): text.append(0x0D)
            case UInt8(ascii: "t"): text.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hexQuad()
                if (0xD800..<0xDC00).contains(scalar) {
                    guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                        bytes[position + 1] == UInt8(ascii: "u")
                    else { throw failure("a high surrogate must be followed by a low one") }
                    position += 2
                    let low = try hexQuad()
                    guard (0xDC00..<0xE000).contains(low) else { throw failure("a low surrogate was expected") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw failure("a lone low surrogate") }
                text.append(contentsOf: String(Character(unicode)).utf8)
            default:
                position -= 1
                throw failure("an unknown escape")
            }
        }

        mutating func hexQuad() throws(SyntaxError) -> UInt32 {
            guard position + 4 <= bytes.count else { throw failure("four hex digits were expected") }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[position]
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: throw failure("four hex digits were expected")
                }
                value = value << 4 | UInt32(digit)
                position += 1
            }
            return value
        }

        mutating func number() throws(SyntaxError) -> JSONValue {
            let start = position
            if bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard position < bytes.count, isDigit(bytes[position]) else { throw failure("a digit was expected") }
            if bytes[position] == UInt8(ascii: "0") {
                position += 1
            } else {
                while position < bytes.count, isDigit(bytes[position]) { position += 1 }
            }
            var integral = true
            if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
                integral = false
                position += 1
                guard position < bytes.count, isDigit(bytes[position]) else { throw failure("a digit was expected") }
                while position < bytes.count, isDigit(bytes[position]) { position += 1 }
            }
            if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
                integral = false
                position += 1
                if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-")
                {
                    position += 1
                }
                guard position < bytes.count, isDigit(bytes[position]) else { throw failure("a digit was expected") }
                while position < bytes.count, isDigit(bytes[position]) { position += 1 }
            }
            let text = String(decoding: bytes[start..<position], as: UTF8.self)
            if integral, let integer = Int(text) { return .integer(integer) }
            guard let number = Double(text) else { throw SyntaxError(offset: start, reason: "not a number") }
            if let whole = Int(exactly: number) { return .integer(whole) }
            return .string(String(number))
        }

        func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
    }
}

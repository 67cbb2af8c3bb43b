/// Reads the XML that AWS answers with into an `XMLTree`, in Swift, without libxml2.
///
/// Foundation's `XMLParser` is libxml2 underneath, and linking it loads libxml2 and the ICU
/// libraries at every start of every `ballast` command (1.2 ms of a 14 ms `ballast synth`),
/// for the few commands that talk to AWS. AWS's query and REST-XML answers use a small part of
/// XML 1.0, and that part is what this reads: an optional declaration, elements (attributes
/// are read and dropped), character data with the predefined and numeric character
/// references, CDATA sections and comments. A document type declaration is refused, so no
/// entity is ever defined, expanded or fetched; `XMLInput` refuses processing instructions
/// and bytes that are not UTF-8 before this runs. Line ends are normalised to `\n`, as XML
/// requires. Names are kept as written, prefixes included (no namespace processing).
enum XMLReader {
    /// The deepest nesting of elements read. AWS's answers nest a handful of levels; a deeper
    /// document is no answer, and its tree, built and freed recursively, would overflow the
    /// stack (a crafted 700 KB answer of 100,000 levels did).
    static let maximumDepth = 100

    /// The root element of `bytes`, which `XMLInput.refusal(of:)` accepted.
    static func parse(_ bytes: [UInt8]) throws(ResponseDecodingError) -> XMLTree {
        var cursor = Cursor(bytes: bytes)
        do throws(Cursor.Failure) {
            return try cursor.document()
        } catch {
            throw ResponseDecodingError(
                reason: "malformed XML at line \(cursor.line(at: error.offset)): \(error.reason)")
        }
    }

    private struct Cursor {
        struct Failure: Error {
            var offset: Int
            var reason: String
        }

        let bytes: [UInt8]
        var position = 0

        func failure(_ reason: String, at offset: Int? = nil) -> Failure {
            Failure(offset: offset ?? position, reason: reason)
        }

        /// The line, from 1, of the byte at `offset`.
        func line(at offset: Int) -> Int {
            1 + bytes[..<min(offset, bytes.count)].lazy.filter { $0 == 0x0A }.count
        }

        func starts(with text: StaticString) -> Bool {
            text.withUTF8Buffer { bytes[position...].starts(with: $0) }
        }

        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

        mutating func skipSpace() {
            while position < bytes.count, isSpace(bytes[position]) { position += 1 }
        }

        /// Moves past the next `terminator`; throws `reason` when there is none.
        mutating func skip(past terminator: StaticString, _ reason: String) throws(Failure) -> Range<Int> {
            let start = position
            let marker = terminator.withUTF8Buffer { Array($0) }
            while position + marker.count <= bytes.count {
                if bytes[position] == marker[0], bytes[position..<position + marker.count].elementsEqual(marker) {
                    let content = start..<position
                    position += marker.count
                    return content
                }
                position += 1
            }
            throw failure(reason, at: start)
        }

        mutating func document() throws(Failure) -> XMLTree {
            if starts(with: "\u{FEFF}") { position += 3 }
            if starts(with: "<?xml") { _ = try skip(past: "?>", "the XML declaration is not closed") }
            try miscellany()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "<") else {
                throw failure("no root element")
            }
            let root = try element(depth: 1)
            try miscellany()
            guard position == bytes.count else { throw failure("content after the root element") }
            return root
        }

        /// Space and comments outside the root element.
        mutating func miscellany() throws(Failure) {
            while true {
                skipSpace()
                if starts(with: "<!--") {
                    position += 4
                    _ = try skip(past: "-->", "a comment is not closed")
                } else if starts(with: "<!") {
                    throw failure("a document type declaration (<!DOCTYPE …>) is not read")
                } else {
                    return
                }
            }
        }

        /// One element and everything in it; `position` is at its `<`.
        mutating func element(depth: Int) throws(Failure) -> XMLTree {
            guard depth <= XMLReader.maximumDepth else {
                throw failure("elements nested deeper than \(XMLReader.maximumDepth) levels")
            }
            position += 1
            let name = try self.name()
            try attributes()
            var tree = XMLTree(name: name)
            if starts(with: "/>") {
                position += 2
                return tree
            }
            guard position < bytes.count, bytes[position] == UInt8(ascii: ">") else {
                throw failure("'>' was expected in the start tag of <\(name)>")
            }
            position += 1
            var text: [UInt8] = []
            while true {
                guard position < bytes.count else { throw failure("<\(name)> is not closed") }
                if bytes[position] != UInt8(ascii: "<") {
                    try characterData(into: &text)
                } else if starts(with: "</") {
                    position += 2
                    let closing = try self.name()
                    guard closing == name else { throw failure("</\(closing)> closes <\(name)>") }
                    skipSpace()
                    guard position < bytes.count, bytes[position] == UInt8(ascii: ">") else {
                        throw failure("'>' was expected in the end tag of <\(name)>")
                    }
                    position += 1
                    tree.text = String(decoding: text, as: UTF8.self)
                    return tree
                } else if starts(with: "<!--") {
                    position += 4
                    _ = try skip(past: "-->", "a comment is not closed")
                } else if starts(with: "<![CDATA[") {
                    position += 9
                    let content = try skip(past: "]]>", "a CDATA section is not closed")
                    appendNormalisingLineEnds(bytes[content], to: &text)
                } else if starts(with: "<!") || starts(with: "<?") {
                    throw failure("markup that AWS answers do not hold")
                } else {
                    tree.children.append(try element(depth: depth + 1))
                }
            }
        }

        /// A name: up to space, `/`, `>` or `=`.
        mutating func name() throws(Failure) -> String {
            let start = position
            while position < bytes.count {
                let byte = bytes[position]
                if isSpace(byte) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ">")
                    || byte == UInt8(ascii: "=") || byte == UInt8(ascii: "<")
                {
                    break
                }
                position += 1
            }
            guard position > start else { throw failure("a name was expected") }
            let first = bytes[start]
            if first == UInt8(ascii: "-") || first == UInt8(ascii: ".") || (0x30...0x39).contains(first) {
                throw failure("a name cannot begin with '\(Character(Unicode.Scalar(first)))'", at: start)
            }
            return String(decoding: bytes[start..<position], as: UTF8.self)
        }

        /// The attributes of a start tag, read and dropped; stops at `>` or `/>`.
        mutating func attributes() throws(Failure) {
            while true {
                let before = position
                skipSpace()
                guard position < bytes.count else { throw failure("a start tag is not closed") }
                if bytes[position] == UInt8(ascii: ">") || starts(with: "/>") { return }
                guard position > before else { throw failure("space was expected before an attribute") }
                _ = try name()
                skipSpace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: "=") else {
                    throw failure("'=' was expected after an attribute name")
                }
                position += 1
                skipSpace()
                guard position < bytes.count,
                    bytes[position] == UInt8(ascii: "\"") || bytes[position] == UInt8(ascii: "'")
                else { throw failure("an attribute value in quotes was expected") }
                let quote = bytes[position]
                position += 1
                while position < bytes.count, bytes[position] != quote {
                    if bytes[position] == UInt8(ascii: "<") { throw failure("'<' in an attribute value") }
                    if bytes[position] == UInt8(ascii: "&") {
                        var ignored: [UInt8] = []
                        try reference(into: &ignored)
                    } else {
                        position += 1
                    }
                }
                guard position < bytes.count else { throw failure("an attribute value is not closed") }
                position += 1
            }
        }

        /// Character data up to the next `<`, references replaced.
        mutating func characterData(into text: inout [UInt8]) throws(Failure) {
            let start = position
            while position < bytes.count, bytes[position] != UInt8(ascii: "<") {
                let byte = bytes[position]
                if byte == UInt8(ascii: "&") {
                    appendNormalisingLineEnds(bytes[start..<position], to: &text)
                    try reference(into: &text)
                    return
                }
                if byte < 0x20, !isSpace(byte) { throw failure("a control character (\(byte)) in character data") }
                position += 1
            }
            appendNormalisingLineEnds(bytes[start..<position], to: &text)
        }

        /// `&lt;`, `&gt;`, `&amp;`, `&quot;`, `&apos;`, `&#…;` or `&#x…;`; `position` is at `&`.
        mutating func reference(into text: inout [UInt8]) throws(Failure) {
            let start = position
            position += 1
            let nameStart = position
            while position < bytes.count, bytes[position] != UInt8(ascii: ";"), position - nameStart < 12 {
                position += 1
            }
            guard position < bytes.count, bytes[position] == UInt8(ascii: ";") else {
                throw failure("'&' begins no reference (write &amp;)", at: start)
            }
            let name = String(decoding: bytes[nameStart..<position], as: UTF8.self)
            position += 1
            let replacement: Unicode.Scalar?
            switch name {
            case "lt": replacement = "<"
            case "gt": replacement = ">"
            case "amp": replacement = "&"
            case "quot": replacement = "\""
            case "apos": replacement = "'"
            default:
                if name.hasPrefix("#x") {
                    replacement = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
                } else if name.hasPrefix("#") {
                    replacement = UInt32(name.dropFirst(), radix: 10).flatMap(Unicode.Scalar.init)
                } else {
                    throw failure("the entity &\(name); is not defined", at: start)
                }
            }
            guard let scalar = replacement, scalar.value >= 0x20 || [0x09, 0x0A, 0x0D].contains(scalar.value) else {
                throw failure("&\(name); is no character XML allows", at: start)
            }
            text.append(contentsOf: String(Character(scalar)).utf8)
        }

        /// `\r\n` and a lone `\r` become `\n`, as an XML processor must pass them on.
        func appendNormalisingLineEnds(_ slice: ArraySlice<UInt8>, to text: inout [UInt8]) {
            guard slice.contains(0x0D) else { return text.append(contentsOf: slice) }
            var index = slice.startIndex
            while index < slice.endIndex {
                let byte = slice[index]
                if byte == 0x0D {
                    text.append(0x0A)
                    if index + 1 < slice.endIndex, slice[index + 1] == 0x0A { index += 1 }
                } else {
                    text.append(byte)
                }
                index += 1
            }
        }
    }
}

import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Hands response bodies to `XMLParser` only when that is safe.
///
/// FoundationXML crashes on processing instructions (found by fuzzing): on one without data,
/// `<?x?>`, it calls `strlen` on a null pointer, and on one whose target is not UTF-8,
/// `<?x\u{D8}ml …?>`, it traps on a force unwrap. A garbled or hostile response would crash
/// the controller. AWS answers are UTF-8 and carry no processing instructions, so bodies that
/// are not UTF-8 or hold one are refused before any parser sees them.
enum XMLInput {
    /// Why `data` cannot be parsed safely, nil when it can.
    static func refusal(of data: Data) -> String? {
        let bytes = [UInt8](data)
        guard String(validating: bytes, as: UTF8.self) != nil else { return "not UTF-8" }
        return containsProcessingInstruction(bytes) ? "a processing instruction (<?…?>)" : nil
    }

    /// A parser over `data` that never resolves external entities; nil when ``refusal(of:)``
    /// has a reason.
    static func parser(for data: Data) -> XMLParser? {
        guard refusal(of: data) == nil else { return nil }
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        return parser
    }

    /// Whether `bytes` hold `<?` outside comments and CDATA sections, other than in the XML
    /// declaration at the start (`<?xml version="1.0"?>`).
    static func containsProcessingInstruction(_ bytes: [UInt8]) -> Bool {
        func starts(_ text: String, at index: Int) -> Bool {
            bytes[index...].starts(with: text.utf8)
        }
        func end(of terminator: String, from index: Int) -> Int? {
            let marker = Array(terminator.utf8)
            var position = index
            while position + marker.count <= bytes.count {
                if bytes[position..<position + marker.count].elementsEqual(marker) { return position + marker.count }
                position += 1
            }
            return nil
        }
        var index = starts("\u{FEFF}", at: 0) ? 3 : 0
        if starts("<?xml", at: index), index + 5 < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index + 5]) {
            guard let after = end(of: "?>", from: index + 5) else { return false }
            index = after
        }
        while index < bytes.count {
            if bytes[index] != UInt8(ascii: "<") {
                index += 1
            } else if starts("<!--", at: index) {
                guard let after = end(of: "-->", from: index + 4) else { return false }
                index = after
            } else if starts("<![CDATA[", at: index) {
                guard let after = end(of: "]]>", from: index + 9) else { return false }
                index = after
            } else if starts("<?", at: index) {
                return true
            } else {
                index += 1
            }
        }
        return false
    }
}

/// What the XML reader refuses before it reads: bodies that are not UTF-8, and processing
/// instructions (`<?…?>`) other than the XML declaration.
///
/// AWS answers are UTF-8 and carry no processing instructions. The refusal dates from
/// Foundation's `XMLParser`, which crashed on both (found by fuzzing: `<?x?>` made it call
/// `strlen` on a null pointer, `<?x\u{D8}ml …?>` trapped on a force unwrap); `XMLReader`
/// keeps it, so what was refused still is, with the same words.
enum XMLInput {
    /// Why `bytes` are not read, nil when they are.
    static func refusal(of bytes: [UInt8]) -> String? {
        guard String(validating: bytes, as: UTF8.self) != nil else { return "not UTF-8" }
        return containsProcessingInstruction(bytes) ? "a processing instruction (<?…?>)" : nil
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

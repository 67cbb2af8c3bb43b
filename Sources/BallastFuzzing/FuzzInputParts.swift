/// Splitting one fuzz input into the several pieces a target needs (files of a desired state,
/// headers and body of a webhook, two templates), with separators a person can write in a seed.
enum FuzzInputParts {
    /// The bytes before the first line that is exactly `separator`, and those after it (nil
    /// when there is no such line).
    static func split(_ bytes: [UInt8], atLine separator: String) -> (ArraySlice<UInt8>, ArraySlice<UInt8>?) {
        let marker = Array(("\n" + separator + "\n").utf8)
        var index = bytes.startIndex
        while index + marker.count <= bytes.endIndex {
            if bytes[index..<index + marker.count].elementsEqual(marker) {
                return (bytes[..<index], bytes[(index + marker.count)...])
            }
            index += 1
        }
        return (bytes[...], nil)
    }

    /// The first line of `bytes` (without its newline) and the rest after it; nil when there is
    /// no newline.
    static func firstLine(of bytes: ArraySlice<UInt8>) -> (line: String, rest: ArraySlice<UInt8>)? {
        guard let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        return (String(decoding: bytes[..<newline], as: UTF8.self), bytes[(newline + 1)...])
    }
}

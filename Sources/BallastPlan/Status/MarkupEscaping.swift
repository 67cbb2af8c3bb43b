/// Text made safe for HTML and XML (the status page, the SVG badge): in element content and in
/// quoted attributes, `&`, `<`, `>`, `"` and `'` become character references.
public enum MarkupEscaping {
    /// `text` with the five markup characters escaped.
    public static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}

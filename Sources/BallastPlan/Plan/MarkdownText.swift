/// Text from Git or AWS made inert in GitHub Markdown: HTML's special characters become
/// entities, every other ASCII punctuation character is backslash-escaped (no emphasis, link,
/// code span, table cell, heading, mention or autolink can start), line breaks become spaces.
public enum MarkdownText {
    /// `text`, safe anywhere Markdown inline text may stand (not inside an HTML tag).
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "\n", "\r", "\t": result += " "
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: continue
            case _ where scalar.isASCII && Self.punctuation.contains(scalar): result += "\\" + String(scalar)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// CommonMark's escapable ASCII punctuation, apart from `&`, `<`, `>` and `"`.
    private static let punctuation = Set("!#$%'()*+,-./:;=?@[\\]^_`{|}~".unicodeScalars)
}

/// The user-info of URLs in text Ballast prints (`http://user:secret@host/` →
/// `http://***@host/`): an endpoint or API URL may carry a password, and an error names its URL.
public enum URLUserInfo {
    /// `text` with the user-info of every `scheme://user[:password]@` in it replaced by `***`.
    public static func redacted(_ text: String) -> String {
        var result = ""
        var rest = Substring(text)
        while let schemeEnd = rest.range(of: "://") {
            result += rest[..<schemeEnd.upperBound]
            rest = rest[schemeEnd.upperBound...]
            // The authority ends at the first '/', '?' or '#' (or a space, in running text).
            let authorityEnd = rest.firstIndex { "/?# \n".contains($0) } ?? rest.endIndex
            if let at = rest[..<authorityEnd].lastIndex(of: "@") {
                result += "***"
                rest = rest[at...]
            }
        }
        return result + rest
    }
}

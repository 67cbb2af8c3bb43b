import Foundation

/// GitHub's pagination header (`Link: <https://…&page=2>; rel="next", <…>; rel="last"`), as
/// RFC 8288 writes it.
public enum LinkHeader {
    /// The URL of the link whose relation is `rel="next"`, nil on the last page.
    public static func next(_ value: String?) -> String? {
        guard let value else { return nil }
        for link in value.split(separator: ",") {
            let parts = link.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let target = parts.first, target.hasPrefix("<"), target.hasSuffix(">") else { continue }
            let relations = parts.dropFirst().compactMap { parameter -> [Substring]? in
                let pair = parameter.split(separator: "=", maxSplits: 1)
                guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "rel" else {
                    return nil
                }
                return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\" ")).split(separator: " ")
            }.joined()
            if relations.contains(where: { $0.lowercased() == "next" }) {
                return String(target.dropFirst().dropLast())
            }
        }
        return nil
    }
}

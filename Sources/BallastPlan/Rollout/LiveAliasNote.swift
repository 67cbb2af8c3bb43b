/// What Ballast writes into the description of a handler's alias `live` whenever it sends all
/// traffic to one version: that version and its `VersionSignature`, e.g.
/// `ballast-serves 7 0123456789abcdef0123456789abcdef`.
///
/// Published versions never change, so the note stays true of its version for good. A plan
/// trusts it only while `live` still sends all traffic to the version it names: an alias moved
/// by anyone else (whose update leaves the description as it was) names another version, and
/// the plan then reads that version itself.
public struct LiveAliasNote: Sendable, Hashable {
    /// The first word of the description.
    public static let marker = "ballast-serves"

    /// The version that had all traffic when the note was written.
    public var version: String
    /// The `VersionSignature` of that version.
    public var signature: String

    /// A note.
    public init(version: String, signature: String) {
        self.version = version
        self.signature = signature
    }

    /// The note in an alias description; nil for any other description.
    public init?(description: String?) {
        guard let words = description?.split(separator: " ", omittingEmptySubsequences: false), words.count == 3,
            words[0] == Self.marker, !words[1].isEmpty, words[1].allSatisfy(Self.isDigit),
            words[2].count == 32, words[2].allSatisfy(\.isHexDigit)
        else { return nil }
        self.init(version: String(words[1]), signature: String(words[2]))
    }

    private static func isDigit(_ character: Character) -> Bool {
        character.isASCII && character.isNumber
    }

    /// The description to write.
    public var text: String { "\(Self.marker) \(version) \(signature)" }
}

/// Which published versions of a handler to delete: all but the newest `keep`, and never one
/// an alias points at (as its version or through `AdditionalVersionWeights`) nor the old or new
/// version of the recorded rollout. Pure: an adapter lists the versions and aliases and
/// deletes what this returns.
public enum VersionRetention {
    /// How many of the newest published versions are kept when nothing else is said.
    public static let defaultKeep = 3

    /// The versions to delete, oldest first. `published` are version numbers (`$LATEST` and
    /// anything not a number are ignored, never deleted); `protected` are the versions aliases
    /// route to and the rollout's `from`/`to`.
    public static func versionsToDelete(published: [String], protected: Set<String>, keep: Int = defaultKeep)
        -> [String]
    {
        let numbered = published.compactMap { text in Int(text).map { (number: $0, text: text) } }
            .filter { $0.number > 0 }
            .sorted { $0.number > $1.number }
        return Array(numbered.dropFirst(max(0, keep)).filter { !protected.contains($0.text) }.map(\.text).reversed())
    }

    /// The versions aliases route to: each alias's version and its additional versions.
    public static func routed(by aliases: [(version: String, additional: [String])]) -> Set<String> {
        Set(aliases.flatMap { [$0.version] + $0.additional })
    }
}

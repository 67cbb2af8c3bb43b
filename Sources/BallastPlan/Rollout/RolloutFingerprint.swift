import BallastSynth

/// A short fingerprint of what a version runs (image digest, memory, timeout, and the
/// environment apart from the `DB_*` variables Ballast sets), so a rollout that was rolled back
/// is recognised when the desired state asks for the same thing again.
public enum RolloutFingerprint {
    /// The fingerprint of these settings.
    public static func of(digest: String?, memoryMiB: Int, timeoutSeconds: Int, environment: [String: String]) -> String
    {
        let variables = environment.filter { !$0.key.hasPrefix("DB_") }.sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value)" }.joined(separator: "\u{1}")
        return Naming.shortHash("\(digest ?? "-")|\(memoryMiB)|\(timeoutSeconds)|\(variables)")
    }
}

import BallastSynth

/// A short fingerprint of what a version runs (image digest, memory, timeout, and the
/// environment apart from the `DB_*` variables Ballast sets), so a rollout that was rolled back
/// is recognised when the desired state asks for the same thing again.
public enum RolloutFingerprint {
    /// The fingerprint of these settings.
    public static func of(digest: String?, memoryMiB: Int, timeoutSeconds: Int, environment: [String: String]) -> String
    {
        Naming.shortHash(
            VersionSignature.canonicalText(
                digest: digest ?? "-", memoryMiB: memoryMiB, timeoutSeconds: timeoutSeconds, environment: environment))
    }
}

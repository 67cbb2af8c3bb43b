import Crypto

/// What a published version runs, as one value: its image digest, memory, timeout and the
/// environment apart from the `DB_*` variables Ballast sets. Two versions with the same
/// signature run the same thing as far as the plan can tell, so a plan that finds the signature
/// of the version `live` serves equal to the desired one needs no further read of that version.
///
/// Unlike `RolloutFingerprint` (a short hash that only has to recognise a rolled-back rollout),
/// this decides whether a change is rolled out at all, so it is 128 bits of SHA-256.
public enum VersionSignature {
    /// The signature of these settings.
    public static func of(digest: String, memoryMiB: Int, timeoutSeconds: Int, environment: [String: String])
        -> String
    {
        let text = canonicalText(
            digest: digest, memoryMiB: memoryMiB, timeoutSeconds: timeoutSeconds, environment: environment)
        return SHA256.hash(data: Array(text.utf8)).prefix(16).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// The settings as one text, `digest|memory|timeout|KEY=value…` (the variables sorted, the
    /// `DB_*` ones left out): what both this signature and `RolloutFingerprint` hash.
    static func canonicalText(digest: String, memoryMiB: Int, timeoutSeconds: Int, environment: [String: String])
        -> String
    {
        let variables = environment.filter { !$0.key.hasPrefix("DB_") }.sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value)" }.joined(separator: "\u{1}")
        return "\(digest)|\(memoryMiB)|\(timeoutSeconds)|\(variables)"
    }
}

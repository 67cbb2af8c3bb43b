import BallastModel
import Crypto
import Foundation

/// What an approval is bound to: a short digest of a stage's plan as `ballast diff` prints it.
///
/// `ballast approve --plan DIGEST` records the digest of the plan its author looked at; the
/// controller applies a commit of a stage with `approval: manual` only while its plan still has
/// that digest. A plan that changed since (AWS drifted, a newer image) needs a new approval.
public enum PlanDigest {
    /// How many hex digits of the SHA-256 a digest keeps.
    public static let length = 16

    /// The digest of a plan's text as `PlanText(colors: false).render([plan])` gives it: the
    /// first ``length`` hex digits of its SHA-256.
    public static func of(planText text: String) -> String {
        let hash = SHA256.hash(data: Data(text.utf8))
        return String(Hex.lowercase(hash).prefix(length))
    }

    /// Whether `text` has the form of a digest (``length`` lowercase hex digits).
    public static func isWellFormed(_ text: String) -> Bool {
        text.count == length && text.allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }
}

import Crypto
import Foundation

/// OpenSSH-style fingerprints: what a user compares with `ssh-keygen -lf`.
enum SSHFingerprint {
    /// `SHA256:` and the unpadded base64 of the SHA-256 of a key blob.
    static func sha256(_ blob: [UInt8]) -> String {
        format(digest: Array(SHA256.hash(data: blob)))
    }

    /// `SHA256:` and the unpadded base64 of a SHA-256 digest.
    static func format(digest: [UInt8]) -> String {
        let base64 = Data(digest).base64EncodedString()
        return "SHA256:" + base64.trimmingCharacters(in: CharacterSet(charactersIn: "="))
    }
}

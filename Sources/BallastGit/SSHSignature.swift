import Crypto
import Foundation

/// An SSH signature in the `sshsig` format (OpenSSH's PROTOCOL.sshsig), as git writes it in a
/// commit's `gpgsig` header with `gpg.format=ssh`.
struct SSHSignature: Sendable {
    /// Why a signature could not be used.
    enum Problem: Error, Equatable, Sendable {
        case malformed(String)
        case unsupported(String)
    }

    /// The signer's public key.
    var publicKey: SSHPublicKey
    /// What the signature is for (`git` for commits).
    var namespace: String
    /// The hash the message went through (`sha512` or `sha256`).
    var hashAlgorithm: String
    /// The key's signature over the signed data.
    var signatureType: String
    var signatureBytes: [UInt8]
    var reserved: [UInt8]

    static let magic = Array("SSHSIG".utf8)
    static let beginMarker = "-----BEGIN SSH SIGNATURE-----"
    static let endMarker = "-----END SSH SIGNATURE-----"

    /// Parses the armored text.
    init(armored: String) throws(Problem) {
        guard let begin = armored.range(of: Self.beginMarker), let end = armored.range(of: Self.endMarker),
            begin.upperBound <= end.lowerBound
        else {
            throw .malformed("not an SSH signature (no BEGIN/END SSH SIGNATURE lines)")
        }
        let body = armored[begin.upperBound..<end.lowerBound].filter { !$0.isWhitespace }
        guard let data = Data(base64Encoded: String(body)) else {
            throw .malformed("the signature is not valid base64")
        }
        var reader = SSHWireReader(data)
        guard reader.raw(6) == Self.magic else { throw .malformed("the signature does not start with SSHSIG") }
        guard let version = reader.uint32() else { throw .malformed("the signature is truncated") }
        guard version == 1 else { throw .unsupported("sshsig version \(version)") }
        guard let keyBlob = reader.string(), let key = SSHPublicKey(blob: keyBlob), let namespace = reader.text(),
            let reserved = reader.string(), let hash = reader.text(), let signatureBlob = reader.string(),
            reader.isAtEnd
        else { throw .malformed("the signature is truncated or has trailing bytes") }
        var inner = SSHWireReader(signatureBlob)
        guard let type = inner.text(), let bytes = inner.string(), inner.isAtEnd else {
            throw .malformed("the signature blob is malformed")
        }
        self.publicKey = key
        self.namespace = namespace
        self.reserved = reserved
        self.hashAlgorithm = hash
        self.signatureType = type
        self.signatureBytes = bytes
    }

    /// The bytes the key signed: magic, namespace, reserved, hash algorithm, H(message).
    func signedData(for message: [UInt8]) throws(Problem) -> [UInt8] {
        let digest: [UInt8]
        switch hashAlgorithm {
        case "sha512": digest = Array(SHA512.hash(data: message))
        case "sha256": digest = Array(SHA256.hash(data: message))
        default: throw .unsupported("hash algorithm \(hashAlgorithm)")
        }
        var writer = SSHWireWriter()
        writer.raw(Self.magic)
        writer.string(Array(namespace.utf8))
        writer.string(reserved)
        writer.string(Array(hashAlgorithm.utf8))
        writer.string(digest)
        return writer.bytes
    }

    /// Whether the signature is the key's over `message`. Ed25519 and ECDSA P-256 keys are
    /// verified; others (RSA, security keys) are `unsupported`.
    func isValid(for message: [UInt8]) throws(Problem) -> Bool {
        let data = try signedData(for: message)
        var key = SSHWireReader(publicKey.blob)
        _ = key.text()
        switch publicKey.type {
        case "ssh-ed25519":
            guard signatureType == "ssh-ed25519" else { return false }
            guard let raw = key.string(), let publicKey = try? Curve25519.Signing.PublicKey(rawRepresentation: raw)
            else {
                throw .malformed("the Ed25519 public key is malformed")
            }
            return publicKey.isValidSignature(signatureBytes, for: data)
        case "ecdsa-sha2-nistp256":
            guard signatureType == "ecdsa-sha2-nistp256" else { return false }
            guard key.text() == "nistp256", let point = key.string(),
                let publicKey = try? P256.Signing.PublicKey(x963Representation: point)
            else { throw .malformed("the ECDSA P-256 public key is malformed") }
            var parts = SSHWireReader(signatureBytes)
            guard let r = parts.string(), let s = parts.string(), parts.isAtEnd,
                let rawSignature = Self.fixedWidth(r, 32).flatMap({ r in Self.fixedWidth(s, 32).map { r + $0 } }),
                let signature = try? P256.Signing.ECDSASignature(rawRepresentation: rawSignature)
            else { return false }
            return publicKey.isValidSignature(signature, for: data)
        default:
            throw .unsupported(
                "key type \(publicKey.type) (Ballast verifies ssh-ed25519 and ecdsa-sha2-nistp256 signatures)")
        }
    }

    /// An SSH `mpint` as exactly `width` big-endian bytes, or nil when it does not fit.
    static func fixedWidth(_ mpint: [UInt8], _ width: Int) -> [UInt8]? {
        let trimmed = Array(mpint.drop(while: { $0 == 0 }))
        guard trimmed.count <= width else { return nil }
        return [UInt8](repeating: 0, count: width - trimmed.count) + trimmed
    }
}

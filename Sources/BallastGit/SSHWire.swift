import Foundation

/// Reads the SSH wire encoding (RFC 4251 §5): big-endian `uint32`, length-prefixed `string`.
/// Used for public-key blobs, host keys and SSH signatures.
struct SSHWireReader {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: some Sequence<UInt8>) {
        self.bytes = Array(bytes)
    }

    /// Whether every byte was read.
    var isAtEnd: Bool { offset == bytes.count }

    /// The next `count` bytes, or nil when fewer are left.
    mutating func raw(_ count: Int) -> [UInt8]? {
        guard count >= 0, bytes.count - offset >= count else { return nil }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    /// The next big-endian 32-bit unsigned integer.
    mutating func uint32() -> UInt32? {
        guard let four = raw(4) else { return nil }
        return four.reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// The next length-prefixed byte string.
    mutating func string() -> [UInt8]? {
        guard let length = uint32(), length <= UInt32(bytes.count) else { return nil }
        return raw(Int(length))
    }

    /// The next length-prefixed string as UTF-8 text.
    mutating func text() -> String? {
        string().flatMap { String(bytes: $0, encoding: .utf8) }
    }
}

/// Writes the SSH wire encoding.
struct SSHWireWriter {
    private(set) var bytes: [UInt8] = []

    mutating func raw(_ data: some Sequence<UInt8>) {
        bytes.append(contentsOf: data)
    }

    mutating func uint32(_ value: UInt32) {
        bytes.append(contentsOf: [
            UInt8(value >> 24 & 0xff), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff),
        ])
    }

    mutating func string(_ data: some Collection<UInt8>) {
        uint32(UInt32(data.count))
        raw(data)
    }
}

/// An SSH public key as it appears in known-hosts, allowed-signers and signature blobs.
struct SSHPublicKey: Hashable, Sendable {
    /// The key type named inside the blob (`ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`).
    var type: String
    /// The whole wire-encoded blob (what base64 encodes in the text files).
    var blob: [UInt8]

    /// Parses a wire-encoded key blob; nil when it is not one.
    init?(blob: [UInt8]) {
        var reader = SSHWireReader(blob)
        guard let type = reader.text() else { return nil }
        self.type = type
        self.blob = blob
    }

    /// Parses the `type base64` form of the text files; nil when the base64 is not a key blob or
    /// its inner type disagrees with the stated one.
    init?(type: String, base64: String) {
        guard let data = Data(base64Encoded: base64), let key = SSHPublicKey(blob: Array(data)), key.type == type else {
            return nil
        }
        self = key
    }

    /// The OpenSSH fingerprint (`SHA256:…`, unpadded base64), safe to show.
    var fingerprint: String {
        SSHFingerprint.sha256(blob)
    }
}

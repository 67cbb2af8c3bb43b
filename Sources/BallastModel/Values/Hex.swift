/// Lowercase hexadecimal, the form digests and signatures are written in (SHA-256 of a
/// template, a plan's digest, a webhook's signature).
///
/// A table lookup, not `String(format: "%02x")`: Foundation's formatting goes through its locale
/// machinery, which was a tenth of a whole `ballast synth` process (issue 20, item 6).
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    /// The lowercase hex of `bytes`, two digits a byte.
    public static func lowercase(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

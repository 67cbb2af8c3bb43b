/// Percent-encoding as SigV4 defines it: every byte outside RFC 3986's unreserved set
/// (`A-Z a-z 0-9 - . _ ~`) becomes `%XX` with upper-case hex.
public enum URIEncoding {
    private static let upperHex = Array("0123456789ABCDEF".utf8)

    /// Whether `byte` is in RFC 3986's unreserved set.
    @inline(__always)
    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
            UInt8(ascii: "_"), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    /// Appends `bytes` percent-encoded to `out`, leaving `/` as is when `keepingSlash`.
    static func encode<Bytes: Sequence<UInt8>>(_ bytes: Bytes, keepingSlash: Bool, into out: inout [UInt8]) {
        for byte in bytes {
            if isUnreserved(byte) || (keepingSlash && byte == UInt8(ascii: "/")) {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(upperHex[Int(byte >> 4)])
                out.append(upperHex[Int(byte & 0x0F)])
            }
        }
    }

    /// `string`'s UTF-8 percent-encoded, `/` included: the form of a query name or value.
    public static func encodeComponent(_ string: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(string.utf8.count)
        encode(string.utf8, keepingSlash: false, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `path` percent-encoded with its slashes kept: how a decoded path (`/my bucket/ключ`)
    /// becomes the path sent on the wire (`/my%20bucket/%D0%BA…`).
    public static func encodePath(_ path: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(path.utf8.count)
        encode(path.utf8, keepingSlash: true, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `path` with `.` and `..` segments resolved and empty segments dropped, keeping a
    /// leading and a trailing slash (RFC 3986 §5.2.4, plus the `//` rule AWS services apply).
    /// An empty path is `/`.
    public static func normalizePath(_ path: String) -> String {
        let bytes = Array(path.utf8)
        guard !bytes.isEmpty else { return "/" }
        var segments: [ArraySlice<UInt8>] = []
        for segment in bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true) {
            if segment.elementsEqual([UInt8(ascii: ".")]) {
                continue
            } else if segment.elementsEqual([UInt8(ascii: "."), UInt8(ascii: ".")]) {
                _ = segments.popLast()
            } else {
                segments.append(segment)
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        if bytes.first == UInt8(ascii: "/") { out.append(UInt8(ascii: "/")) }
        for (index, segment) in segments.enumerated() {
            if index > 0 { out.append(UInt8(ascii: "/")) }
            out.append(contentsOf: segment)
        }
        if bytes.last == UInt8(ascii: "/") && !segments.isEmpty { out.append(UInt8(ascii: "/")) }
        return String(decoding: out, as: UTF8.self)
    }
}

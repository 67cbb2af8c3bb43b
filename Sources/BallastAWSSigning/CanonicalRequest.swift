/// A request in SigV4's canonical form: the text whose hash the signature covers.
public struct CanonicalRequest: Sendable, Hashable {
    /// The six lines: method, URI, query, headers (one per line, then a blank line), signed
    /// header names, payload hash.
    public let text: String
    /// The signed header names, lowercase, sorted, joined by `;`.
    public let signedHeaders: String
    /// The canonical query string (also the query of a presigned URL, without its signature).
    public let query: String

    /// Headers a proxy or the HTTP client may add or rewrite; signing them would break the signature.
    static let unsignedHeaderNames: Set<[UInt8]> = Set(
        [
            "authorization", "connection", "expect", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "user-agent",
            "x-amzn-trace-id",
        ].map { Array($0.utf8) }
    )

    /// The canonical form of `request`'s parts under `rules`.
    init(
        method: String,
        path: String,
        queryItems: [SigningRequest.QueryItem],
        headers: [SigningRequest.Header],
        payloadHash: String,
        rules: ServiceRules
    ) {
        var out: [UInt8] = []
        out.reserveCapacity(512)

        for byte in method.utf8 { out.append(Self.asciiUppercased(byte)) }
        out.append(UInt8(ascii: "\n"))
        Self.appendURI(path, rules: rules, into: &out)
        out.append(UInt8(ascii: "\n"))

        let queryStart = out.count
        Self.appendQuery(queryItems, into: &out)
        query = String(decoding: out[queryStart...], as: UTF8.self)
        out.append(UInt8(ascii: "\n"))

        let names = Self.appendHeaders(headers, into: &out)
        out.append(UInt8(ascii: "\n"))
        let signedStart = out.count
        for (index, name) in names.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ";")) }
            out.append(contentsOf: name)
        }
        signedHeaders = String(decoding: out[signedStart...], as: UTF8.self)
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: payloadHash.utf8)
        text = String(decoding: out, as: UTF8.self)
    }

    /// The canonical URI: the wire path, normalized and encoded again unless the service is S3.
    static func appendURI(_ path: String, rules: ServiceRules, into out: inout [UInt8]) {
        let source = rules.normalizesPath ? URIEncoding.normalizePath(path) : path
        if source.isEmpty {
            out.append(UInt8(ascii: "/"))
        } else if rules.encodesPathTwice {
            URIEncoding.encode(source.utf8, keepingSlash: true, into: &out)
        } else {
            out.append(contentsOf: source.utf8)
        }
    }

    /// `name=value` pairs, both encoded, sorted by name then value, joined by `&`.
    static func appendQuery(_ items: [SigningRequest.QueryItem], into out: inout [UInt8]) {
        guard !items.isEmpty else { return }
        var pairs: [(name: [UInt8], value: [UInt8])] = []
        pairs.reserveCapacity(items.count)
        for item in items {
            var name: [UInt8] = []
            var value: [UInt8] = []
            URIEncoding.encode(item.name.utf8, keepingSlash: false, into: &name)
            URIEncoding.encode(item.value.utf8, keepingSlash: false, into: &value)
            pairs.append((name, value))
        }
        pairs.sort { lhs, rhs in
            lhs.name == rhs.name
                ? lhs.value.lexicographicallyPrecedes(rhs.value)
                : lhs.name.lexicographicallyPrecedes(rhs.name)
        }
        for (index, pair) in pairs.enumerated() {
            if index > 0 { out.append(UInt8(ascii: "&")) }
            out.append(contentsOf: pair.name)
            out.append(UInt8(ascii: "="))
            out.append(contentsOf: pair.value)
        }
    }

    /// One `name:value` line per distinct lowercase name, sorted, with the values of a repeated
    /// name joined by `,` in request order; each line ends with a newline. Returns the sorted names.
    static func appendHeaders(_ headers: [SigningRequest.Header], into out: inout [UInt8]) -> [[UInt8]] {
        var lines: [(name: [UInt8], value: [UInt8], order: Int)] = []
        lines.reserveCapacity(headers.count)
        for (order, header) in headers.enumerated() {
            let name = header.name.utf8.map(asciiLowercased)
            if unsignedHeaderNames.contains(name) { continue }
            lines.append((name, trimmingAll(header.value), order))
        }
        lines.sort { lhs, rhs in
            lhs.name == rhs.name ? lhs.order < rhs.order : lhs.name.lexicographicallyPrecedes(rhs.name)
        }
        var names: [[UInt8]] = []
        names.reserveCapacity(lines.count)
        for line in lines {
            if line.name == names.last {
                out.append(UInt8(ascii: ","))
            } else {
                if !names.isEmpty { out.append(UInt8(ascii: "\n")) }
                names.append(line.name)
                out.append(contentsOf: line.name)
                out.append(UInt8(ascii: ":"))
            }
            out.append(contentsOf: line.value)
        }
        out.append(UInt8(ascii: "\n"))
        return names
    }

    /// `value` without leading or trailing whitespace and with inner runs of it as one space.
    static func trimmingAll(_ value: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(value.utf8.count)
        var pendingSpace = false
        for byte in value.utf8 {
            if isASCIIWhitespace(byte) {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(UInt8(ascii: " ")) }
                pendingSpace = false
                out.append(byte)
            }
        }
        return out
    }

    @inline(__always)
    static func isASCIIWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    @inline(__always)
    static func asciiLowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
    }

    @inline(__always)
    static func asciiUppercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) ? byte & ~0x20 : byte
    }
}

import BallastAWSSigning
import BallastTestSupport

/// Random requests with the awkward parts SigV4 gets wrong: odd and unicode paths, dot segments
/// and `//`, repeated and empty query parameters, repeated headers with odd spacing, bodies,
/// session tokens, S3 and other services.
struct RandomRequests {
    var rng: SeededGenerator

    init(seed: UInt64) { rng = SeededGenerator(seed: seed) }

    static let services = ["s3", "s3", "lambda", "cloudformation", "sts", "logs", "execute-api", "monitoring"]
    static let regions = ["us-east-1", "eu-west-3", "ap-southeast-2", "us-gov-west-1"]
    static let hosts = [
        "example.amazonaws.com", "bucket.s3.eu-west-3.amazonaws.com", "localhost:4566", "127.0.0.1:9000",
    ]
    static let methods = ["GET", "PUT", "POST", "DELETE", "HEAD", "PATCH", "get", "post"]
    /// Decoded text with characters that must be encoded, once or twice.
    static let oddTexts = [
        "a b", "é", "e\u{301}", "ሴ", "日本語", "🚀", "50%", "a+b", "x=y&z", "~tilde", "(paren)", "quote\"", "<tag>",
        "semi;colon", "co:lon", "at@", "star*", "comma,", "dollar$", "excl!", "apos'", "hash#", "q?", "back\\slash",
    ]
    /// Characters that may stand unencoded in a path (RFC 3986 `pchar` less the unreserved ones).
    static let rawPathCharacters = Array("!$&'()*+,;=:@")
    static let queryNames = [
        "a", "A", "b", "prefix", "list-type", "continuation-token", "x-id", "ключ", "a b", "~", "", "Z",
    ]
    static let headerNames = [
        "X-Amz-Meta-Color", "x-amz-meta-color", "Content-Type", "X-Custom", "x-amz-target", "My-Header1",
        "User-Agent", "X-Amzn-Trace-Id", "Content-Encoding", "If-None-Match", "x-amz-acl", "ZZZ",
    ]

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
    mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    mutating func word(_ alphabet: String, length: ClosedRange<Int>) -> String {
        let characters = Array(alphabet)
        return String((0..<int(length)).map { _ in pick(characters) })
    }

    mutating func plainWord() -> String {
        word("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~", length: 1...8)
    }

    /// A decoded string: plain, odd, or a mix.
    mutating func text() -> String {
        switch int(0...3) {
        case 0: plainWord()
        case 1: pick(Self.oddTexts)
        case 2: plainWord() + pick(Self.oddTexts) + plainWord()
        default: ""
        }
    }

    mutating func pathSegment() -> String {
        switch int(0...9) {
        case 0: "."
        case 1: ".."
        case 2: ""
        case 3: String((0..<int(1...3)).map { _ in pick(Self.rawPathCharacters) })
        case 4: pick(["é", "ሴ", "日本", "🚀"])  // unencoded unicode, as some clients send it
        default: URIEncoding.encodePath(text().replacingOccurrences(of: "/", with: "")) + (chance(20) ? "%2F" : "")
        }
    }

    mutating func path() -> String {
        let segments = (0..<int(0...5)).map { _ in pathSegment() }
        return "/" + segments.joined(separator: "/") + (chance(25) ? "/" : "")
    }

    mutating func headerValue() -> String {
        let spacing = [" ", "  ", "\t", " \t ", ""]
        let words = (0..<int(0...4)).map { _ in
            chance(20) ? pick(["\"a   b\"", "value,with,commas", "a=b; c=d", "*"]) : plainWord()
        }
        var value = pick(spacing)
        for (index, word) in words.enumerated() {
            if index > 0 { value += pick([" ", "  ", "   ", "\t", " \t "]) }
            value += word
        }
        return value + pick(spacing)
    }

    /// A random request; `presign` limits it to what botocore can presign (unique parameter
    /// names, no body).
    mutating func next(presign: Bool = false) -> DifferentialCase {
        let service = pick(Self.services)
        var params: [[String]] = (0..<int(0...6)).map { _ in
            [chance(70) ? pick(Self.queryNames) : text(), chance(25) ? "" : text()]
        }
        if presign {
            var seen = Set<String>()
            params = params.filter { seen.insert($0[0]).inserted }
        }
        let headerNames = presign ? ["X-Amz-Meta-Color", "Content-Type", "x-amz-acl"] : Self.headerNames
        let headers: [[String]] = (0..<int(0...(presign ? 2 : 6))).map { _ in [pick(headerNames), headerValue()] }
        let bodyLength = presign || chance(40) ? 0 : int(1...300)
        return DifferentialCase(
            service: service,
            region: pick(Self.regions),
            accessKeyId: "AKIA" + word("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", length: 16...16),
            secretAccessKey: word("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/", length: 40...40),
            sessionToken: chance(50)
                ? word("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/=", length: 20...300) : nil,
            method: presign ? pick(["GET", "PUT"]) : pick(Self.methods),
            host: pick(Self.hosts),
            path: path(),
            params: params,
            headers: headers,
            body: (0..<bodyLength).map { _ in UInt8.random(in: 0...255, using: &rng) },
            unsigned: !presign && chance(15),
            presignExpires: presign ? int(1...SigV4Signer.maximumExpiry) : nil
        )
    }
}

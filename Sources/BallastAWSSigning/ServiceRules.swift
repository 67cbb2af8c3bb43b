/// How one AWS service wants the parts of a request canonicalized.
///
/// S3 signs the path as sent (no normalization, no second encoding) and requires
/// `X-Amz-Content-Sha256`; every other service normalizes the path and encodes it again.
public struct ServiceRules: Sendable, Hashable {
    /// Whether `.`/`..` segments are resolved and `//` collapsed before encoding.
    public var normalizesPath: Bool
    /// Whether the wire path is percent-encoded once more for the canonical request.
    public var encodesPathTwice: Bool
    /// Whether every signed request carries `X-Amz-Content-Sha256`.
    public var sendsContentSha256: Bool

    /// Rules from their parts.
    public init(normalizesPath: Bool, encodesPathTwice: Bool, sendsContentSha256: Bool) {
        self.normalizesPath = normalizesPath
        self.encodesPathTwice = encodesPathTwice
        self.sendsContentSha256 = sendsContentSha256
    }

    /// S3's rules: the path is signed as sent.
    public static let s3 = ServiceRules(normalizesPath: false, encodesPathTwice: false, sendsContentSha256: true)

    /// The rules of every other service.
    public static let standard = ServiceRules(normalizesPath: true, encodesPathTwice: true, sendsContentSha256: false)

    /// The rules for a signing name (`s3`, `lambda`, `cloudformation`, …).
    public static func forService(_ service: String) -> ServiceRules {
        switch service {
        case "s3", "s3-object-lambda", "s3-outposts": .s3
        default: .standard
        }
    }
}

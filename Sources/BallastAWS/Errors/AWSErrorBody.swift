import BallastHTTP
import Foundation

/// The code, message and request id of an AWS error response, from whichever of AWS's shapes it
/// came in.
///
/// - query and REST-XML: `<ErrorResponse><Error><Code>…</Code><Message>…</Message></Error>
///   <RequestId>…</RequestId></ErrorResponse>` (S3: `<Error>` at the root; EC2:
///   `<Response><Errors><Error>…`);
/// - JSON 1.0/1.1: `{"__type": "com.amazon…#ThrottlingException", "message": "…"}`;
/// - REST-JSON: the `x-amzn-ErrorType` header (`ValidationException:http://…`) and `message`.
///
/// Anything else (HTML from a proxy, truncated JSON, plain text) gives no code and a message
/// that says what the body was; parsing never fails.
public struct AWSErrorBody: Sendable, Hashable {
    /// The error code, without a `namespace#` prefix or a `:uri` suffix.
    public var code: String?
    /// The message.
    public var message: String?
    /// The body was there but not one of AWS's error shapes (or one cut short): garbled or
    /// truncated on the way, most likely, rather than an answer.
    public var isUnrecognised = false
    /// The request id, from the headers first, then the body.
    public var requestId: String?

    /// The longest piece of an unrecognised body quoted in `message`.
    static let quotedLength = 200

    /// Parses `body` and `headers` of an error response.
    public init(headers: [HTTPHeader], body: Data) {
        let headerCode = headers.value(for: "x-amzn-ErrorType").flatMap(Self.cleanCode)
        let headerRequestId =
            headers.value(for: "x-amzn-RequestId") ?? headers.value(for: "x-amz-request-id")
        let text = String(decoding: body.prefix(4096), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)

        var code: String?
        var message: String?
        var bodyRequestId: String?
        if Self.isHTML(text) {
            let title = Self.htmlTitle(text)
            message = title.map { "HTML page: \($0)" } ?? "HTML page instead of an AWS error"
        } else if text.hasPrefix("<"), let fields = XMLErrorFields(data: body) {
            code = fields.code.flatMap(Self.cleanCode)
            message = fields.message
            bodyRequestId = fields.requestId
        } else if text.hasPrefix("{"), let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] {
            let type = (object["__type"] ?? object["code"] ?? object["Code"]) as? String
            code = type.flatMap(Self.cleanCode)
            message = (object["message"] ?? object["Message"] ?? object["errorMessage"]) as? String
        }
        if message == nil, code == nil, !text.isEmpty {
            message = "unrecognised error body: \(Self.quote(text))"
            isUnrecognised = true
        } else if message == nil, !text.isEmpty, !Self.isHTML(text) {
            isUnrecognised = true  // a code but no message: an AWS body cut short
        }
        self.code = headerCode ?? code
        self.message = message
        self.requestId = headerRequestId ?? bodyRequestId
    }

    /// `aws.protocols#ValidationException:http://internal…` → `ValidationException`.
    static func cleanCode(_ raw: String) -> String? {
        var code = Substring(raw.trimmingCharacters(in: .whitespaces))
        if let colon = code.firstIndex(of: ":") { code = code[..<colon] }
        if let hash = code.lastIndex(of: "#") { code = code[code.index(after: hash)...] }
        return code.isEmpty ? nil : String(code)
    }

    private static func isHTML(_ text: String) -> Bool {
        let start = text.prefix(64).lowercased()
        return start.hasPrefix("<!doctype html") || start.hasPrefix("<html")
    }

    private static func htmlTitle(_ text: String) -> String? {
        guard let open = text.range(of: "<title>", options: .caseInsensitive),
            let close = text.range(of: "</title>", options: .caseInsensitive, range: open.upperBound..<text.endIndex)
        else { return nil }
        let title = text[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
        return title.isEmpty ? nil : quote(title)
    }

    private static func quote(_ text: String) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count > quotedLength ? String(flat.prefix(quotedLength)) + "…" : flat
    }
}

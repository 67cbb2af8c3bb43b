/// A request Ballast sends to a new version before any traffic moves to it (`checks:` in
/// `functions/<name>.yaml`), as API Gateway would send it, and what the answer must be.
public struct FunctionCheck: Sendable, Hashable {
    /// What the check is called in logs and status (`METHOD path` when none is written).
    public var name: String
    /// The HTTP method, upper case.
    public var method: String
    /// The request path, starting with `/`; may end in a `?query`.
    public var path: String
    /// Request headers.
    public var headers: [String: String]
    /// The request body, if any.
    public var body: String?
    /// What the answer must be.
    public var expect: CheckExpectation

    /// The most checks a function may have in one stage: each one is an invocation before every
    /// rollout.
    public static let maximumCount = 20
    /// The methods a check may send (a request has one concrete method, so no `ANY`).
    public static let allowedMethods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]

    /// Creates a check.
    public init(
        name: String? = nil, method: String, path: String, headers: [String: String] = [:], body: String? = nil,
        expect: CheckExpectation
    ) {
        self.name = name ?? "\(method) \(path)"
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
        self.expect = expect
    }

    /// The path without its query string.
    public var resourcePath: String {
        path.firstIndex(of: "?").map { String(path[..<$0]) } ?? path
    }

    /// The query string after `?`, empty when there is none.
    public var query: String {
        path.firstIndex(of: "?").map { String(path[path.index(after: $0)...]) } ?? ""
    }
}

/// What a check's answer must be: its status, and optionally a substring of its body and
/// values of fields of its JSON body.
public struct CheckExpectation: Sendable, Hashable {
    /// The HTTP status (`statusCode` of the proxy answer), 100–599.
    public var status: Int
    /// Text the body must contain.
    public var bodyContains: String?
    /// Fields of the JSON body and the values they must have, by dotted path (`items.0.id`).
    public var json: [String: CheckValue]

    /// The statuses a check may expect.
    public static let statusRange = 100...599

    /// Creates an expectation.
    public init(status: Int, bodyContains: String? = nil, json: [String: CheckValue] = [:]) {
        self.status = status
        self.bodyContains = bodyContains
        self.json = json
    }
}

/// A JSON scalar a check expects in a field of the answer.
public enum CheckValue: Sendable, Hashable, CustomStringConvertible {
    /// A string.
    case string(String)
    /// A number.
    case number(Double)
    /// `true` or `false`.
    case bool(Bool)
    /// `null`.
    case null

    /// The value as JSON would write it.
    public var description: String {
        switch self {
        case .string(let text): "\"\(text)\""
        case .number(let number):
            number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .bool(let value): String(value)
        case .null: "null"
        }
    }
}

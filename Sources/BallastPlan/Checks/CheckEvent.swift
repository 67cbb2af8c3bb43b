import BallastModel
import Foundation

/// The event a check invokes the new version with: what API Gateway's REST API sends a
/// Lambda proxy integration (payload format 1.0) for the check's request to the function's
/// route, so the handler answers it as it would a user's.
public enum CheckEvent {
    /// The `User-Agent` of check requests, so a handler's logs tell them from users'.
    public static let userAgent = "ballast-check"

    /// The event as JSON. `stage` is the API stage (the Ballast stage's name); `requestId` and
    /// `now` are the caller's, this being pure.
    public static func payload(
        for check: FunctionCheck, route: ApiRoute, stage: String, requestId: String, now: Date
    ) -> Data {
        let path = check.resourcePath
        var headers = check.headers
        if !headers.keys.contains(where: { $0.lowercased() == "user-agent" }) { headers["User-Agent"] = userAgent }
        let query = parse(query: check.query)
        let parameters = route.parameters(matching: path) ?? [:]
        let event: [String: Any] = [
            "resource": route.path,
            "path": path,
            "httpMethod": check.method,
            "headers": headers,
            "multiValueHeaders": headers.mapValues { [$0] },
            "queryStringParameters": query.isEmpty ? NSNull() : query.mapValues { $0.last ?? "" } as Any,
            "multiValueQueryStringParameters": query.isEmpty ? NSNull() : query as Any,
            "pathParameters": parameters.isEmpty ? NSNull() : parameters as Any,
            "stageVariables": NSNull(),
            "requestContext": [
                "resourcePath": route.path, "httpMethod": check.method, "path": "/\(stage)\(path)", "stage": stage,
                "requestId": requestId, "requestTimeEpoch": Int64(now.timeIntervalSince1970 * 1000),
                "protocol": "HTTP/1.1",
                "identity": ["sourceIp": "127.0.0.1", "userAgent": headers["User-Agent"] ?? userAgent],
            ] as [String: Any],
            "body": check.body.map { $0 as Any } ?? NSNull(),
            "isBase64Encoded": false,
        ]
        return (try? JSONSerialization.data(withJSONObject: event, options: [.sortedKeys])) ?? Data("{}".utf8)
    }

    /// The query string's parameters, percent-decoded, each with its values in order.
    static func parse(query: String) -> [String: [String]] {
        var result: [String: [String]] = [:]
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (text: Substring) in
                String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)
            }
            result[decode(parts[0]), default: []].append(parts.count > 1 ? decode(parts[1]) : "")
        }
        return result
    }
}

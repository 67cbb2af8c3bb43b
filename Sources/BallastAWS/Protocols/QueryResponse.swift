import Foundation

/// An output that can be read from the `<ActionResult>` element of a query-protocol response.
public protocol QueryResultDecodable: Sendable {
    /// Reads the output from `result`, the `<ActionResult>` element (empty for an action
    /// without output).
    init(queryResult result: XMLTree) throws(ResponseDecodingError)
}

/// Reading query-protocol responses: `<ActionResponse><ActionResult>…</ActionResult>
/// <ResponseMetadata><RequestId>…</RequestId></ResponseMetadata></ActionResponse>`.
public enum QueryResponse {
    /// The `<ActionResult>` element of `body`, the response to `action`; an empty element when
    /// the action has no output.
    ///
    /// Throws `ResponseDecodingError` when `body` is not XML or its root is not
    /// `<ActionResponse>`.
    public static func result(of action: String, in body: Data) throws(ResponseDecodingError) -> XMLTree {
        let root = try XMLTree.parse(body)
        guard root.name == "\(action)Response" else {
            throw ResponseDecodingError(path: root.name, reason: "expected the root element \(action)Response")
        }
        return root.child("\(action)Result") ?? XMLTree(name: "\(action)Result")
    }

    /// The output of `action` decoded from `body`.
    public static func decode<Output: QueryResultDecodable>(
        _ type: Output.Type,
        action: String,
        from body: Data
    ) throws(ResponseDecodingError) -> Output {
        try Output(queryResult: result(of: action, in: body))
    }

    /// The request id in `ResponseMetadata/RequestId`, when `body` has one.
    public static func requestId(in body: Data) -> String? {
        (try? XMLTree.parse(body))?.text(at: "ResponseMetadata/RequestId")
    }
}

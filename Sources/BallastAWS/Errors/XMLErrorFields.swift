import Foundation

/// The first `Code`, `Message` and `RequestId` (or `RequestID`) elements of an XML error body,
/// wherever they sit: the query protocol nests them in `ErrorResponse/Error`, S3 puts `Error` at
/// the root, EC2 uses `Response/Errors/Error`. Only elements without child elements count, in
/// the order they close, their text trimmed.
struct XMLErrorFields {
    var code: String?
    var message: String?
    var requestId: String?

    /// The fields of `data`; `nil` when it is not well-formed UTF-8 XML or has none of them.
    init?(data: Data) {
        guard let root = try? XMLTree.parse(data) else { return nil }
        collect(root)
        guard code != nil || message != nil || requestId != nil else { return nil }
    }

    private mutating func collect(_ element: XMLTree) {
        guard element.children.isEmpty else {
            for child in element.children { collect(child) }
            return
        }
        let value = element.text.trimmingCharacters(in: .whitespacesAndNewlines)
        switch element.name {
        case "Code" where code == nil: code = value
        case "Message" where message == nil: message = value
        case "RequestId" where requestId == nil, "RequestID" where requestId == nil: requestId = value
        default: break
        }
    }
}

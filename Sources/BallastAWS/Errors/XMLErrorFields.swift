import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The first `Code`, `Message` and `RequestId` (or `RequestID`) elements of an XML error body,
/// wherever they sit: the query protocol nests them in `ErrorResponse/Error`, S3 puts `Error` at
/// the root, EC2 uses `Response/Errors/Error`.
struct XMLErrorFields {
    var code: String?
    var message: String?
    var requestId: String?

    /// The fields of `data`; `nil` when it is not well-formed UTF-8 XML or has none of them.
    init?(data: Data) {
        guard let parser = XMLInput.parser(for: data) else { return nil }
        let collector = Collector()
        parser.delegate = collector
        guard parser.parse() else { return nil }
        guard collector.code != nil || collector.message != nil || collector.requestId != nil else { return nil }
        code = collector.code
        message = collector.message
        requestId = collector.requestId
    }

    /// Collects the text of the wanted elements during one synchronous parse.
    private final class Collector: NSObject, XMLParserDelegate {
        var code: String?
        var message: String?
        var requestId: String?
        private var current: String?
        private var text = ""

        func parser(
            _ parser: XMLParser,
            didStartElement elementName: String,
            namespaceURI: String?,
            qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            current = elementName
            text = ""
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if current != nil { text += string }
        }

        func parser(
            _ parser: XMLParser,
            didEndElement elementName: String,
            namespaceURI: String?,
            qualifiedName: String?
        ) {
            defer { current = nil }
            guard current == elementName else { return }
            let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
            switch elementName {
            case "Code" where code == nil: code = value
            case "Message" where message == nil: message = value
            case "RequestId" where requestId == nil, "RequestID" where requestId == nil: requestId = value
            default: break
            }
        }
    }
}

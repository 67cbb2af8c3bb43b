import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Builds an `XMLTree` during one synchronous `XMLParser` run.
final class XMLTreeBuilder: NSObject, XMLParserDelegate {
    /// The deepest nesting of elements read. AWS's answers nest a handful of levels; a deeper
    /// document is no answer, and its tree, built and freed recursively, would overflow the
    /// stack (a crafted 700 KB answer of 100,000 levels did).
    static let maximumDepth = 100

    private var stack: [XMLTree] = []
    private var root: XMLTree?
    private var tooDeep = false

    static func parse(_ data: Data) throws(ResponseDecodingError) -> XMLTree {
        guard let parser = XMLInput.parser(for: data) else {
            throw ResponseDecodingError(reason: "malformed XML: \(XMLInput.refusal(of: data) ?? "refused")")
        }
        let builder = XMLTreeBuilder()
        parser.delegate = builder
        let parsed = parser.parse()
        if builder.tooDeep {
            throw ResponseDecodingError(
                reason:
                    "malformed XML at line \(parser.lineNumber): elements nested deeper than \(maximumDepth) levels")
        }
        guard parsed, let root = builder.root else {
            let reason = parser.parserError.map { "\($0.localizedDescription)" } ?? "no root element"
            throw ResponseDecodingError(reason: "malformed XML at line \(parser.lineNumber): \(reason)")
        }
        return root
    }

    func parser(
        _ parser: XMLParser,
        didStartElement elementName: String,
        namespaceURI: String?,
        qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        guard !tooDeep else { return }
        guard stack.count < Self.maximumDepth else {
            tooDeep = true
            parser.abortParsing()
            return
        }
        stack.append(XMLTree(name: elementName))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += string
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += String(decoding: CDATABlock, as: UTF8.self)
    }

    func parser(
        _ parser: XMLParser,
        didEndElement elementName: String,
        namespaceURI: String?,
        qualifiedName: String?
    ) {
        guard !tooDeep, let finished = stack.popLast() else { return }
        if stack.isEmpty {
            root = finished
        } else {
            stack[stack.count - 1].children.append(finished)
        }
    }
}

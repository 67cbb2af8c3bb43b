import BallastAWS
import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// `XMLTree.parse` reads XML in Swift, without libxml2. These hold it to what Foundation's
/// `XMLParser` (libxml2, which it replaced) makes of the same bytes, and to the refusals.
@Suite("XML reader")
struct XMLReaderTests {
    static let corpus: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("Fuzz/corpus/cloudformation-xml")
    }()

    /// The tree `XMLParser` builds: the element names, the character data and CDATA directly
    /// inside each element, the child elements.
    final class ReferenceBuilder: NSObject, XMLParserDelegate {
        private var stack: [XMLTree] = []
        private(set) var root: XMLTree?

        static func parse(_ text: String) -> XMLTree? {
            let parser = XMLParser(data: Data(text.utf8))
            parser.shouldProcessNamespaces = false
            parser.shouldResolveExternalEntities = false
            let builder = ReferenceBuilder()
            parser.delegate = builder
            return parser.parse() ? builder.root : nil
        }

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
            qualifiedName: String?, attributes: [String: String] = [:]
        ) {
            stack.append(XMLTree(name: elementName))
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if !stack.isEmpty { stack[stack.count - 1].text += string }
        }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
            if !stack.isEmpty { stack[stack.count - 1].text += String(decoding: CDATABlock, as: UTF8.self) }
        }

        func parser(
            _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?
        ) {
            guard let finished = stack.popLast() else { return }
            if stack.isEmpty { root = finished } else { stack[stack.count - 1].children.append(finished) }
        }
    }

    static let documents: [String] = [
        #"<?xml version="1.0" encoding="UTF-8"?><a><b>1</b><b>2</b><c/></a>"#,
        "<a>\n  <b x=\"1\" y='2'>text</b>\r\n  <c >more\rlines</c >\n</a>\n",
        "<a>&lt;&gt;&amp;&quot;&apos; &#65;&#x42;&#x1F600; é</a>",
        "<a><![CDATA[<not>&markup;]]> and <!-- a comment --> text</a>",
        #"<ns:Response xmlns:ns="https://cloudformation.amazonaws.com/doc/2010-05-15/"><ns:Id>7</ns:Id></ns:Response>"#,
        "<!-- before --><a attr=\"&amp;&#34;\"/><!-- after -->",
        "\u{FEFF}<a><b><c><d>deep</d></c></b></a>",
    ]

    @Test("the fuzz corpus and hand-written documents read as XMLParser reads them")
    func sameTreeAsXMLParser() throws {
        var compared = 0
        var documents = Self.documents
        for file in try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path).sorted() {
            // What is refused before any parser runs (not UTF-8, a document type, a processing
            // instruction) has no reference to compare with, nor has the 100,000-level document,
            // whose tree XMLParser's builder would free recursively until the stack overflows.
            guard file.hasSuffix(".xml"), file != "crash-deep-nesting.xml",
                let text = try? String(contentsOf: Self.corpus.appendingPathComponent(file), encoding: .utf8),
                !text.contains("<!DOCTYPE"), !text.contains("<?x?>")
            else { continue }
            documents.append(text)
        }
        for document in documents {
            guard let reference = ReferenceBuilder.parse(document) else { continue }
            #expect(try XMLTree.parse(Data(document.utf8)) == reference, "\(document.prefix(80))")
            compared += 1
        }
        #expect(compared >= Self.documents.count + 15)
    }

    @Test(
        "what is not well-formed, or holds what AWS never sends, is an error naming the line",
        arguments: [
            ("<a><b></a>", 1, "</a> closes <b>"),
            ("<a>\n\n&nbsp;</a>", 3, "the entity &nbsp; is not defined"),
            ("<a>x & y</a>", 1, "'&' begins no reference (write &amp;)"),
            ("<a></a>\n<b/>", 2, "content after the root element"),
            ("<a>\u{01}</a>", 1, "a control character (1) in character data"),
            ("<a x=\"<\"/>", 1, "'<' in an attribute value"),
            ("<a><!-- open</a>", 1, "a comment is not closed"),
            ("<a>&#0;</a>", 1, "&#0; is no character XML allows"),
            ("<!DOCTYPE a><a/>", 1, "a document type declaration (<!DOCTYPE …>) is not read"),
            ("\n<a><b>", 2, "<b> is not closed"),
            ("text", 1, "no root element"),
            ("<1a/>", 1, "a name cannot begin with '1'"),
            ("<a x='1'y='2'/>", 1, "space was expected before an attribute"),
        ])
    func refusals(document: String, line: Int, reason: String) {
        let error = #expect(throws: ResponseDecodingError.self) { try XMLTree.parse(Data(document.utf8)) }
        #expect(error?.reason == "malformed XML at line \(line): \(reason)")
    }

    @Test("an entity-expansion bomb is refused at its document type declaration, nothing expanded")
    func entityExpansion() throws {
        let bomb = try Data(contentsOf: Self.corpus.appendingPathComponent("entity-expansion.xml"))
        let error = #expect(throws: ResponseDecodingError.self) { try XMLTree.parse(bomb) }
        #expect(error?.reason == "malformed XML at line 2: a document type declaration (<!DOCTYPE …>) is not read")
    }
}

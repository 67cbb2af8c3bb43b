import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Hands response bodies to `XMLParser` only when that is safe.
enum XMLInput {
    /// A parser over `data` that never resolves external entities; nil when `data` is not UTF-8.
    ///
    /// FoundationXML traps (a force unwrap) on a processing instruction whose target is not
    /// UTF-8, `<?x\u{D8}ml …?>` (found by fuzzing): one garbled byte at the start of a response
    /// would crash the controller. AWS answers in UTF-8, so other bytes are refused before the
    /// parser sees them.
    static func parser(for data: Data) -> XMLParser? {
        guard String(validating: data, as: UTF8.self) != nil else { return nil }
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        return parser
    }
}

/// A shields-style flat badge as SVG: "prod | synced". Pure: the text widths come from a table
/// of Verdana 11px advance widths (as shields.io measures), so the badge is sized correctly
/// without a font renderer.
public enum Badge {
    /// Badge colours by phase.
    public static func color(for phase: StageStatus.Phase) -> String {
        switch phase {
        case .synced: return "#4c1"
        case .progressing: return "#007ec6"
        case .awaitingApproval: return "#dfb317"
        case .failed: return "#e05d44"
        case .unknown: return "#9f9f9f"
        }
    }

    /// The SVG of the badge for `status`.
    public static func svg(for status: StageStatus) -> String {
        svg(label: status.stage, message: status.badgeMessage, color: color(for: status.phase))
    }

    /// The SVG of a badge with two texts.
    public static func svg(label: String, message: String, color: String) -> String {
        let labelWidth = Int(textWidth(label).rounded(.up)) + 10
        let messageWidth = Int(textWidth(message).rounded(.up)) + 10
        let width = labelWidth + messageWidth
        let label = escaped(label)
        let message = escaped(message)
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="20" role="img" aria-label="\(label): \(message)">\
            <title>\(label): \(message)</title>\
            <linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>\
            <clipPath id="r"><rect width="\(width)" height="20" rx="3" fill="#fff"/></clipPath>\
            <g clip-path="url(#r)"><rect width="\(labelWidth)" height="20" fill="#555"/>\
            <rect x="\(labelWidth)" width="\(messageWidth)" height="20" fill="\(color)"/>\
            <rect width="\(width)" height="20" fill="url(#s)"/></g>\
            <g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">\
            <text x="\(labelWidth * 5)" y="150" fill="#010101" fill-opacity=".3" transform="scale(.1)">\(label)</text>\
            <text x="\(labelWidth * 5)" y="140" transform="scale(.1)">\(label)</text>\
            <text x="\(labelWidth * 10 + messageWidth * 5)" y="150" fill="#010101" fill-opacity=".3" transform="scale(.1)">\(message)</text>\
            <text x="\(labelWidth * 10 + messageWidth * 5)" y="140" transform="scale(.1)">\(message)</text></g></svg>
            """
    }

    /// The width of `text` in Verdana 11px.
    public static func textWidth(_ text: String) -> Double {
        text.unicodeScalars.reduce(0) { $0 + (widths[$1] ?? 7.0) }
    }

    private static func escaped(_ text: String) -> String {
        MarkupEscaping.escape(text)
    }

    /// Verdana 11px advance widths of printable ASCII, as shields.io's width table has them.
    static let widths: [Unicode.Scalar: Double] = {
        let table: [(String, Double)] = [
            (" ", 3.87), ("!", 4.33), ("\"", 5.05), ("#", 9.0), ("$", 6.99), ("%", 11.84), ("&", 7.99), ("'", 2.95),
            ("(", 5.0), (")", 5.0), ("*", 6.99), ("+", 9.0), (",", 4.0), ("-", 5.0), (".", 4.0), ("/", 5.0),
            ("0", 6.99), ("1", 6.99), ("2", 6.99), ("3", 6.99), ("4", 6.99), ("5", 6.99), ("6", 6.99), ("7", 6.99),
            ("8", 6.99), ("9", 6.99), (":", 5.0), (";", 5.0), ("<", 9.0), ("=", 9.0), (">", 9.0), ("?", 6.0),
            ("@", 11.0), ("A", 7.52), ("B", 7.54), ("C", 7.68), ("D", 8.48), ("E", 6.96), ("F", 6.32), ("G", 8.53),
            ("H", 8.27), ("I", 4.63), ("J", 5.0), ("K", 7.62), ("L", 6.12), ("M", 9.27), ("N", 8.23), ("O", 8.66),
            ("P", 6.63), ("Q", 8.66), ("R", 7.65), ("S", 7.52), ("T", 6.78), ("U", 8.05), ("V", 7.52), ("W", 10.88),
            ("X", 7.54), ("Y", 6.77), ("Z", 7.54), ("[", 5.0), ("\\", 5.0), ("]", 5.0), ("^", 9.0), ("_", 6.99),
            ("`", 6.99), ("a", 6.61), ("b", 6.85), ("c", 5.73), ("d", 6.85), ("e", 6.55), ("f", 3.87), ("g", 6.85),
            ("h", 6.96), ("i", 3.02), ("j", 3.79), ("k", 6.51), ("l", 3.02), ("m", 10.7), ("n", 6.96), ("o", 6.68),
            ("p", 6.85), ("q", 6.85), ("r", 4.69), ("s", 5.73), ("t", 4.33), ("u", 6.96), ("v", 6.51), ("w", 9.0),
            ("x", 6.51), ("y", 6.51), ("z", 5.77), ("{", 6.98), ("|", 5.0), ("}", 6.98), ("~", 9.0),
        ]
        return Dictionary(uniqueKeysWithValues: table.map { (Unicode.Scalar($0.0.unicodeScalars.first!), $0.1) })
    }()
}

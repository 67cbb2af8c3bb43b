/// Durations as the desired state writes them: a whole number and a unit, `500ms`, `30s`,
/// `5m`, `1h`. Parsed into Swift's `Duration`.
public enum DurationText {
    /// Parses `500ms`, `30s`, `5m`, `1h`; nil for anything else.
    public static func parse(_ text: String) -> Duration? {
        let units: [(suffix: String, seconds: Int64, milliseconds: Bool)] = [
            ("ms", 0, true), ("s", 1, false), ("m", 60, false), ("h", 3600, false),
        ]
        for unit in units where text.hasSuffix(unit.suffix) {
            let digits = text.dropLast(unit.suffix.count)
            guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
                let number = Int64(digits)
            else { return nil }
            return unit.milliseconds ? .milliseconds(number) : .seconds(number * unit.seconds)
        }
        return nil
    }

    /// The shortest exact text for a duration (`300s` → `5m`).
    public static func format(_ duration: Duration) -> String {
        let milliseconds = milliseconds(of: duration)
        if milliseconds % 1000 != 0 { return "\(milliseconds)ms" }
        let seconds = milliseconds / 1000
        if seconds != 0, seconds % 3600 == 0 { return "\(seconds / 3600)h" }
        if seconds != 0, seconds % 60 == 0 { return "\(seconds / 60)m" }
        return "\(seconds)s"
    }

    /// Whole milliseconds of a duration.
    public static func milliseconds(of duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}

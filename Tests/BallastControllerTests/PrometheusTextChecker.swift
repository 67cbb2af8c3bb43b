import Foundation

/// A strict-enough reader of the Prometheus text exposition format 0.0.4, to check that
/// `/metrics` is something Prometheus would scrape: `# HELP`/`# TYPE` lines well formed, every
/// sample `name{label="value",…} value` with a declared family.
struct PrometheusText {
    /// One sample line.
    struct Sample: Equatable {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    /// A line that is not valid exposition format.
    struct ParseError: Error, CustomStringConvertible {
        var line: Int
        var text: String
        var problem: String
        var description: String { "line \(line): \(problem): \(text)" }
    }

    var types: [String: String] = [:]
    var samples: [Sample] = []

    init(parsing text: String) throws {
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            let line = String(line)
            if line.isEmpty { continue }
            func fail(_ problem: String) -> ParseError { ParseError(line: number, text: line, problem: problem) }
            if line.hasPrefix("#") {
                let parts = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: true).map(String.init)
                guard parts.count >= 2, parts[0] == "#" else { continue }  // a plain comment
                switch parts[1] {
                case "TYPE":
                    guard parts.count == 4, Self.isMetricName(parts[2]) else { throw fail("bad TYPE line") }
                    guard ["counter", "gauge", "histogram", "summary", "untyped"].contains(parts[3]) else {
                        throw fail("unknown type")
                    }
                    guard types[parts[2]] == nil else { throw fail("TYPE repeated") }
                    guard !samples.contains(where: { Self.family(of: $0.name, types: [parts[2]: parts[3]]) != nil })
                    else { throw fail("TYPE after its samples") }
                    types[parts[2]] = parts[3]
                case "HELP":
                    guard parts.count >= 3, Self.isMetricName(parts[2]) else { throw fail("bad HELP line") }
                default:
                    continue
                }
                continue
            }
            guard let sample = Self.sample(line) else { throw fail("not `name{labels} value`") }
            guard Self.family(of: sample.name, types: types) != nil else { throw fail("sample without a TYPE") }
            samples.append(sample)
        }
    }

    /// The value of the sample `name` with exactly `labels`.
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples.first { $0.name == name && $0.labels == labels }?.value
    }

    private static func family(of name: String, types: [String: String]) -> String? {
        if types[name] != nil { return name }
        for suffix in ["_bucket", "_sum", "_count"] where name.hasSuffix(suffix) {
            let base = String(name.dropLast(suffix.count))
            if let type = types[base], type == "histogram" || type == "summary" { return base }
        }
        return nil
    }

    private static func isMetricName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first,
            first == "_" || first == ":" || ("a"..."z").contains(first) || ("A"..."Z").contains(first)
        else { return false }
        return name.unicodeScalars.allSatisfy {
            $0 == "_" || $0 == ":" || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
        }
    }

    private static func sample(_ line: String) -> Sample? {
        var rest = Substring(line)
        let nameEnd = rest.firstIndex { $0 == "{" || $0 == " " } ?? rest.endIndex
        let name = String(rest[..<nameEnd])
        guard isMetricName(name) else { return nil }
        rest = rest[nameEnd...]
        var labels: [String: String] = [:]
        if rest.first == "{" {
            rest = rest.dropFirst()
            while rest.first != "}" {
                guard let equals = rest.firstIndex(of: "=") else { return nil }
                let label = String(rest[..<equals])
                guard isMetricName(label), !label.contains(":") else { return nil }
                rest = rest[rest.index(after: equals)...]
                guard rest.first == "\"" else { return nil }
                rest = rest.dropFirst()
                var value = ""
                while let character = rest.first, character != "\"" {
                    rest = rest.dropFirst()
                    if character == "\\" {
                        guard let escaped = rest.first else { return nil }
                        rest = rest.dropFirst()
                        switch escaped {
                        case "\\": value.append("\\")
                        case "\"": value.append("\"")
                        case "n": value.append("\n")
                        default: return nil
                        }
                    } else {
                        value.append(character)
                    }
                }
                guard rest.first == "\"" else { return nil }
                rest = rest.dropFirst()
                guard labels.updateValue(value, forKey: label) == nil else { return nil }
                if rest.first == "," { rest = rest.dropFirst() }
                guard !rest.isEmpty else { return nil }
            }
            rest = rest.dropFirst()
        }
        guard rest.first == " " else { return nil }
        let fields = rest.split(separator: " ")
        guard fields.count == 1 || (fields.count == 2 && Int64(fields[1]) != nil) else { return nil }
        let text = String(fields[0])
        let value: Double
        switch text {
        case "+Inf": value = .infinity
        case "-Inf": value = -.infinity
        case "NaN": value = .nan
        default:
            guard let parsed = Double(text) else { return nil }
            value = parsed
        }
        return Sample(name: name, labels: labels, value: value)
    }
}

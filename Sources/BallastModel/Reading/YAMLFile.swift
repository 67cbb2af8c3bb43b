import Foundation
import Yams

/// Turns a file's bytes into a YAML node, reporting encoding and syntax errors with their
/// position.
public enum YAMLFile {
    /// The file's root value, nil with the errors reported. Only a raw template
    /// (`allowsTags`) may carry tags; in any other file a tag is an error at its position.
    public static func parse(path: String, data: Data, allowsTags: Bool = false, sink: DiagnosticSink) -> YAMLValue? {
        guard data.count <= DesiredTree.maximumFileSize else {
            sink.report(file: path, DesiredTree.tooLargeMessage(bytes: data.count))
            return nil
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            let (line, column) = position(ofFirstInvalidUTF8ByteIn: data)
            sink.append(
                DesiredStateError(
                    file: path, line: line, column: column,
                    message: "file is not valid UTF-8; desired-state files must be UTF-8 YAML"))
            return nil
        }
        if let index = text.unicodeScalars.firstIndex(where: { $0.value == 0 }) {
            let (line, column) = position(of: index, in: text)
            sink.append(
                DesiredStateError(
                    file: path, line: line, column: column,
                    message: "file contains a NUL byte; desired-state files must be UTF-8 YAML text"))
            return nil
        }
        switch YAMLAliasKeys.first(in: text) {
        case .aliasKey(let line, let column):
            sink.append(DesiredStateError(file: path, line: line, column: column, message: YAMLAliasKeys.message))
            return nil
        case .cancelled:
            sink.cancel()
            return nil
        case nil:
            break
        }
        let node: Node?
        do {
            // The basic resolver: Ballast reads scalars itself (quoted or plain), so Yams need not
            // match every scalar against its implicit-type regular expressions.
            node = try Yams.compose(yaml: text, .basic, .default, .utf8)
        } catch let error as YamlError {
            sink.append(describe(error, path: path, text: text))
            return nil
        } catch {
            sink.report(file: path, "invalid YAML: \(error)")
            return nil
        }
        guard let node else {
            sink.append(
                DesiredStateError(file: path, line: 1, column: 1, message: "file is empty; expected a YAML mapping"))
            return nil
        }
        do {
            try YAMLBudget.check(node)
        } catch {
            switch error {
            case .exceeded(let line, let column, let message):
                sink.append(DesiredStateError(file: path, line: line, column: column, message: message))
            case .cancelled:
                sink.cancel()
            }
            return nil
        }
        if !allowsTags, let (tag, mark) = PlainYAML.firstTagged(in: node) {
            sink.append(PlainYAML.error(tag: tag, mark: mark, path: path))
            return nil
        }
        return YAMLValue(node: node, file: path)
    }

    private static func describe(_ error: YamlError, path: String, text: String) -> DesiredStateError {
        func at(_ mark: Mark, _ message: String) -> DesiredStateError {
            DesiredStateError(file: path, line: mark.line, column: mark.column, message: message)
        }
        func detail(_ context: YamlError.Context?) -> String {
            guard let context, !context.text.isEmpty else { return "" }
            return " (\(context.text) that starts at line \(context.mark.line), column \(context.mark.column))"
        }
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            return at(mark, "invalid YAML: \(problem)\(detail(context))")
        case .reader(let problem, let offset, _, _):
            if let offset, offset <= text.count {
                let (line, column) = position(of: text.index(text.startIndex, offsetBy: offset), in: text)
                return DesiredStateError(file: path, line: line, column: column, message: "invalid YAML: \(problem)")
            }
            return DesiredStateError(file: path, message: "invalid YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams marks the first of the equal keys; the mistake is the one written again.
            let first = context.mark
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            let message =
                "duplicate key \(keys) in one mapping (first written at line \(first.line)); a key may appear once"
            if duplicates.count == 1,
                let (line, column) = repeatedKeyPosition(duplicates[0], after: (first.line, first.column), in: text)
            {
                return DesiredStateError(file: path, line: line, column: column, message: message)
            }
            return at(first, message)
        default:
            return DesiredStateError(file: path, message: "invalid YAML: \(error)")
        }
    }

    /// Keys longer than this (in Unicode scalars) are not searched for: the search takes time in
    /// the product of the key's and the line's lengths, and no key of the format is that long.
    public static let longestSearchedKey = 128

    /// Where `key` is written as a mapping key again after its first occurrence at `first`:
    /// at the start of a block-mapping line, or after `{` or `,` in a flow mapping. Nil when the
    /// repetition is not written plainly (quoted, or a complex key), or the key is longer than
    /// ``longestSearchedKey``.
    public static func repeatedKeyPosition(_ key: String, after first: (line: Int, column: Int), in text: String) -> (
        Int, Int
    )? {
        let keyScalars = Array(key.unicodeScalars)
        guard !keyScalars.isEmpty, keyScalars.count <= longestSearchedKey else { return nil }
        for (index, lineScalars) in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
            .enumerated() where index + 1 >= first.line
        {
            let scalars = Array(lineScalars)
            var start = 0
            while start + keyScalars.count <= scalars.count {
                defer { start += 1 }
                let line = index + 1
                let column = start + 1
                guard line > first.line || column > first.column,
                    scalars[start..<start + keyScalars.count].elementsEqual(keyScalars)
                else { continue }
                let adjacent = start == 0 ? nil : scalars[start - 1]
                let before = scalars[..<start].last { $0 != " " && $0 != "\t" }
                guard adjacent.map({ " \t{,".unicodeScalars.contains($0) }) ?? true,
                    before == nil || before == "{" || before == "," || before == "-"
                else { continue }
                let after = scalars[(start + keyScalars.count)...].first { $0 != " " && $0 != "\t" }
                if after == ":" { return (line, column) }
            }
        }
        return nil
    }

    private static func position(of index: String.Index, in text: String) -> (Int, Int) {
        var line = 1
        var column = 1
        for scalar in text.unicodeScalars[..<index] {
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }

    private static func position(ofFirstInvalidUTF8ByteIn data: Data) -> (Int, Int) {
        let bytes = [UInt8](data)
        var line = 1
        var lineStart = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let length: Int
            switch byte {
            case 0x00...0x7f: length = 1
            case 0xc2...0xdf: length = 2
            case 0xe0...0xef: length = 3
            case 0xf0...0xf4: length = 4
            default: length = 0
            }
            let valid =
                length > 0 && index + length <= bytes.count
                && String(validating: bytes[index..<index + length], as: UTF8.self) != nil
            if !valid {
                let column =
                    (String(validating: bytes[lineStart..<index], as: UTF8.self)?.unicodeScalars.count ?? 0) + 1
                return (line, column)
            }
            if byte == 0x0a {
                line += 1
                lineStart = index + 1
            }
            index += length
        }
        return (line, 1)
    }
}

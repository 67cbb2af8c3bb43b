import Foundation
import Logging

/// Renders a log record as one line (no newline inside, none at the end).
public enum LogLine {
    /// How a text line begins.
    public enum TextStyle: Sendable {
        /// For a command a person runs: `warning: ` before what is not info, nothing else; after
        /// the message only the event's own fields the message does not already say.
        case plain
        /// For the controller: the timestamp, the level and the label first, and every field.
        case stamped
    }

    /// The keys of a JSON line that metadata cannot take: a field of that name is written as
    /// `metadata.<name>`.
    public static let reservedKeys: Set<String> = ["level", "message", "timestamp", "label"]

    /// The record in `format`.
    public static func render(_ record: LogRecord, format: LogFormat, style: TextStyle) -> String {
        switch format {
        case .text: text(record, style: style)
        case .json: json(record)
        }
    }

    /// `[timestamp level label: ]subject: message[: error] key=value …`.
    public static func text(_ record: LogRecord, style: TextStyle) -> String {
        var fields = style == .stamped ? record.context.merging(record.metadata) { $1 } : record.metadata
        var line = ""
        switch style {
        case .stamped:
            line = "\(timestamp(record.timestamp)) \(record.level.rawValue) \(record.label): "
        case .plain:
            if record.level != .info && record.level != .notice { line = "\(record.level.rawValue): " }
        }
        if let key = LogRecord.subjectKeys.first(where: { fields[$0] != nil }), let subject = fields[key] {
            line += "\(flat(subject)): "
            fields[key] = nil
        }
        let message = singleLine(record.message)
        line += message
        if let error = record.error { line += ": " + singleLine("\(error)") }
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
            let text = flat(value)
            if style == .plain, says(message, text) { continue }
            line += " \(key)=\(quoted(text))"
        }
        return line
    }

    /// One JSON object: `level`, `message`, `timestamp`, `label`, the metadata fields, and for an
    /// error `error` (with `service`, `operation` and `code` of an AWS error).
    public static func json(_ record: LogRecord) -> String {
        var object: [String: Any] = [
            "level": record.level.rawValue, "message": record.message, "label": record.label,
            "timestamp": timestamp(record.timestamp),
        ]
        let fields = record.context.merging(record.metadata) { $1 }.merging(record.errorFields) { $1 }
        for (key, value) in fields {
            object[reservedKeys.contains(key) ? "metadata.\(key)" : key] = any(value)
        }
        let options: JSONSerialization.WritingOptions = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: options) else {
            // Every value above is a string, an array or a dictionary of them: not reached.
            return #"{"level":"error","message":"unencodable log event"}"#
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// RFC 3339 in UTC with milliseconds, `2026-12-06T22:50:00.123Z`.
    static func timestamp(_ date: Date) -> String {
        date.formatted(
            Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: TimeZone(identifier: "UTC") ?? .gmt))
    }

    /// A multi-line text on one line: `refused, nothing applied: a; b`.
    static func singleLine(_ text: String) -> String {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        var result = ""
        for line in lines {
            if !result.isEmpty { result += result.hasSuffix(":") ? " " : "; " }
            result += line
        }
        return result
    }

    /// Whether `message` holds `value` as a whole word (`version 2` says `2`, `version` does
    /// not say `s`).
    static func says(_ message: String, _ value: String) -> Bool {
        guard !value.isEmpty else { return true }
        func isWord(_ character: Character?) -> Bool {
            guard let character else { return false }
            return character.isLetter || character.isNumber || character == "-" || character == "_"
        }
        var searched = message.startIndex
        while let range = message.range(of: value, range: searched..<message.endIndex) {
            let before = range.lowerBound == message.startIndex ? nil : message[message.index(before: range.lowerBound)]
            let after = range.upperBound == message.endIndex ? nil : message[range.upperBound]
            if !isWord(before) && !isWord(after) { return true }
            searched = message.index(after: range.lowerBound)
        }
        return false
    }

    /// A metadata value as text: lists as `[a, b]`, dictionaries as `[k: v]`.
    static func flat(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let text): singleLine(text)
        case .stringConvertible(let convertible): singleLine(convertible.description)
        case .array(let values): "[" + values.map(flat).joined(separator: ", ") + "]"
        case .dictionary(let values):
            "[" + values.sorted { $0.key < $1.key }.map { "\($0.key): \(flat($0.value))" }.joined(separator: ", ")
                + "]"
        }
    }

    /// A value as `key=value` shows it: quoted when it is empty or holds a space, a quote or `=`.
    static func quoted(_ text: String) -> String {
        guard text.isEmpty || text.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            + "\""
    }

    private static func any(_ value: Logger.MetadataValue) -> Any {
        switch value {
        case .string(let text): text
        case .stringConvertible(let convertible): convertible.description
        case .array(let values): values.map(any)
        case .dictionary(let values): values.mapValues(any)
        }
    }
}

import Foundation
import Logging

/// Writes each log event as one line to standard error (so `--output json` on standard output
/// stays parseable), as text or JSON.
public struct LineLogHandler: LogHandler {
    /// The logger's label.
    public let label: String
    /// Text or JSON.
    public let format: LogFormat
    /// How text lines begin.
    public let style: LogLine.TextStyle
    /// The least severe level written.
    public var logLevel: Logger.Level
    /// The metadata of the logger, written with every event.
    public var metadata: Logger.Metadata = [:]
    /// Adds metadata at each event.
    public var metadataProvider: Logger.MetadataProvider?
    private let sink: LineSink

    /// A handler writing to `sink` (standard error unless given).
    public init(
        label: String, format: LogFormat, style: LogLine.TextStyle, level: Logger.Level,
        sink: LineSink = .standardError
    ) {
        self.label = label
        self.format = format
        self.style = style
        self.logLevel = level
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let provided = metadataProvider?.get() ?? [:]
        let record = LogRecord(
            level: event.level, message: event.message.description, label: label, timestamp: Date(),
            context: metadata.merging(provided) { $1 }, metadata: event.metadata ?? [:], error: event.error)
        sink.write(LogLine.render(record, format: format, style: style))
    }
}

/// Where log lines go, each written whole with its newline, so lines of concurrent tasks never
/// interleave.
public final class LineSink: Sendable {
    private let output: @Sendable (String) -> Void

    /// A sink calling `write` with each line and its newline, one call at a time.
    public init(_ write: @escaping @Sendable (String) -> Void) {
        let lock = NSLock()
        self.output = { line in
            lock.lock()
            defer { lock.unlock() }
            write(line)
        }
    }

    /// Standard error.
    public static let standardError = LineSink { FileHandle.standardError.write(Data($0.utf8)) }

    func write(_ line: String) {
        output(line + "\n")
    }
}

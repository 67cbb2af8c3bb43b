import BallastAWS
import BallastController
import BallastTestSupport
import Foundation
import Logging
import Testing

/// Log events as lines: text for people with the subject first, JSON with every field.
@Suite("log lines")
struct LogLineTests {
    static let time = Date(timeIntervalSince1970: 1_765_000_000.25)

    static func record(
        _ message: String, level: Logger.Level = .info, context: Logger.Metadata = [:],
        metadata: Logger.Metadata = [:], error: (any Error)? = nil
    ) -> LogRecord {
        LogRecord(
            level: level, message: message, label: "ballast", timestamp: time, context: context, metadata: metadata,
            error: error)
    }

    static func object(_ line: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test("a JSON line holds level, message, timestamp, label and every metadata field, context included")
    func jsonFields() throws {
        let line = LogLine.json(
            Self.record(
                "10% of traffic on version 2", context: ["application": "shop", "stage": "dev"],
                metadata: ["function": "shop-dev-orders", "version": "2", "alarms": .array(["a", "b"])]))
        #expect(!line.contains("\n"))
        let object = try Self.object(line)
        #expect(object["level"] as? String == "info")
        #expect(object["message"] as? String == "10% of traffic on version 2")
        #expect(object["label"] as? String == "ballast")
        #expect(object["timestamp"] as? String == "2025-12-06T05:46:40.250Z")
        #expect(object["application"] as? String == "shop")
        #expect(object["stage"] as? String == "dev")
        #expect(object["function"] as? String == "shop-dev-orders")
        #expect(object["version"] as? String == "2")
        #expect(object["alarms"] as? [String] == ["a", "b"])
    }

    @Test("an AWS error adds its service, operation and code; a field named like a reserved key is moved")
    func jsonError() throws {
        let error = AWSError(
            service: "CloudFormation", operation: "CreateChangeSet", httpStatus: 400, code: "ValidationError",
            message: "bad template")
        let line = LogLine.json(
            Self.record("the deploy failed", level: .error, metadata: ["message": "shadow"], error: error))
        let object = try Self.object(line)
        #expect(object["message"] as? String == "the deploy failed")
        #expect(object["metadata.message"] as? String == "shadow")
        #expect(object["service"] as? String == "CloudFormation")
        #expect(object["operation"] as? String == "CreateChangeSet")
        #expect(object["code"] as? String == "ValidationError")
        #expect((object["error"] as? String)?.contains("bad template") == true)
    }

    @Test("a plain text line: the function or stack first, then the message, what it does not say after it")
    func plainText() {
        let line = LogLine.text(
            Self.record(
                "executing update (3 changes)", context: ["stage": "dev"],
                metadata: ["stack": "shop-dev-compute", "changes": "3", "changeSet": "ballast-1"]),
            style: .plain)
        #expect(line == "shop-dev-compute: executing update (3 changes) changeSet=ballast-1")
        let warning = LogLine.text(
            Self.record("rolled back to version 1", level: .warning, metadata: ["function": "f", "stack": "s"]),
            style: .plain)
        #expect(warning == "warning: f: rolled back to version 1 stack=s")
    }

    @Test("a stamped text line: time, level and label first, every field after, quoted when it has a space")
    func stampedText() {
        let line = LogLine.text(
            Self.record(
                "the reconcile failed", level: .error, context: ["application": "shop"],
                metadata: ["stage": "dev", "reason": "two words"],
                error: LineError(text: "refused, nothing applied:\n  a\n  b")),
            style: .stamped)
        #expect(
            line
                == #"2025-12-06T05:46:40.250Z error ballast: the reconcile failed: refused, nothing applied: a; b application=shop reason="two words" stage=dev"#
        )
    }

    @Test("a handler writes each event as one line, at its level or above")
    func handler() throws {
        let lines = LinesSeen()
        let sink = LineSink { lines.append($0) }
        var logger = Logger(label: "ballast") { label in
            LineLogHandler(label: label, format: .json, style: .plain, level: .debug, sink: sink)
        }
        logger[metadataKey: "stage"] = "dev"
        logger.trace("not written")
        logger.debug("AWS request", metadata: ["operation": "DescribeStacks"])
        logger.info("multi\nline")
        let written = lines.all
        #expect(written.count == 2)
        #expect(written.allSatisfy { $0.hasSuffix("}\n") && $0.dropLast().allSatisfy { $0 != "\n" } })
        let first = try Self.object(String(written[0].dropLast()))
        #expect(first["operation"] as? String == "DescribeStacks")
        #expect(first["stage"] as? String == "dev")
        #expect(first["level"] as? String == "debug")
    }
}

private struct LineError: Error, CustomStringConvertible {
    let text: String
    var description: String { text }
}

private final class LinesSeen: Sendable {
    private let lines = Protected<[String]>([])
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}

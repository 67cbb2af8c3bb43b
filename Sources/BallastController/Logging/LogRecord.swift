import BallastAWS
import Foundation
import Logging

/// One log event with everything a line shows: what the handler was given, and the metadata
/// of the logger it came from (`context`) apart from the event's own.
public struct LogRecord: Sendable {
    /// How severe.
    public var level: Logger.Level
    /// The human sentence, without the identifiers (those are in the metadata).
    public var message: String
    /// The logger's label (`ballast`).
    public var label: String
    /// When.
    public var timestamp: Date
    /// The metadata the logger carries (the application and stage a reconciler works on).
    public var context: Logger.Metadata
    /// The event's own metadata (the stack, the function).
    public var metadata: Logger.Metadata
    /// The error the event is about, if any.
    public var error: (any Error)?

    /// A record.
    public init(
        level: Logger.Level, message: String, label: String, timestamp: Date, context: Logger.Metadata = [:],
        metadata: Logger.Metadata = [:], error: (any Error)? = nil
    ) {
        self.level = level
        self.message = message
        self.label = label
        self.timestamp = timestamp
        self.context = context
        self.metadata = metadata
        self.error = error
    }

    /// The metadata keys naming what an event is about, in the order a text line puts the first
    /// present one in front of the message (`shop-dev-orders: all traffic on version 2`).
    public static let subjectKeys = ["function", "stack"]

    /// The fields an error adds: its text, and for an AWS error the service, operation and code.
    var errorFields: Logger.Metadata {
        guard let error else { return [:] }
        var fields: Logger.Metadata = ["error": .string("\(error)")]
        if let aws = error as? AWSError {
            fields["service"] = .string(aws.service)
            fields["operation"] = .string(aws.operation)
            if let code = aws.code { fields["code"] = .string(code) }
        }
        return fields
    }
}

import BallastModel

/// The names Ballast gives to stacks, exports and logical ids of one stage. Every name is a
/// function of the desired state only, so synthesis is deterministic and ids stay stable when
/// unrelated things change.
public struct Naming: Sendable, Hashable {
    /// The project.
    public let project: String
    /// The stage.
    public let stage: String

    /// Names for `stage` of `project`.
    public init(project: String, stage: String) {
        self.project = project
        self.stage = stage
    }

    /// `<project>-<stage>`: the prefix of every AWS name of the stage.
    public var prefix: String { "\(project)-\(stage)" }

    /// `<project>-<stage>-<kind>` and, from the second part, `-<part>`.
    public func stackName(_ kind: StackKind, part: Int = 1) -> String {
        part <= 1 ? "\(prefix)-\(kind.suffix)" : "\(prefix)-\(kind.suffix)-\(part)"
    }

    /// A stack-independent export name: `<project>-<stage>:<subject…>`. Consumers do not need
    /// to know which part of a split stack provides a value.
    public func exportName(_ parts: String...) -> String {
        ([prefix] + parts).joined(separator: ":")
    }

    /// The Lambda function name, `<project>-<stage>-<name>`.
    public func functionName(_ name: String) -> String { "\(prefix)-\(name)" }

    /// The RDS instance identifier, `<project>-<stage>-<name>`.
    public func databaseIdentifier(_ name: String) -> String { "\(prefix)-\(name)" }

    /// An alarm name, `<project>-<stage>-<subject>-<metric>`.
    public func alarmName(_ subject: String, _ metric: String) -> String { "\(prefix)-\(subject)-\(metric)" }

    /// The SNS topic every alarm of the stage notifies, `<project>-<stage>-alarms`.
    public var alarmTopicName: String { "\(prefix)-alarms" }

    /// The alias every function is invoked through and rolled out by: API routes invoke it,
    /// canaries shift its weights.
    public static let liveAlias = "live"

    /// The logical ids of a unit's resources that tell which part of a split stack holds it.
    public enum LogicalId {
        /// `OrdersFunction`: the function `orders`.
        public static func function(_ name: String) -> String { Naming.logicalId(name) + "Function" }
        /// `OrdersInvokePermission`: API Gateway's permission to invoke `orders` at `live`.
        public static func invokePermission(_ name: String) -> String { Naming.logicalId(name) + "InvokePermission" }
        /// `OrdersErrorsAlarm`: the errors alarm of the function `orders`.
        public static func errorsAlarm(_ name: String) -> String { Naming.logicalId(name) + "ErrorsAlarm" }
        /// `MainCpuAlarm`: the CPU alarm of the database `main`.
        public static func cpuAlarm(_ name: String) -> String { Naming.logicalId(name) + "CpuAlarm" }
    }

    /// `order-items` → `OrderItems`: the logical-id form of a validated name.
    public static func logicalId(_ name: String) -> String {
        name.split(whereSeparator: { $0 == "-" || $0 == "_" })
            .map { $0.prefix(1).uppercased() + $0.dropFirst() }
            .joined()
    }

    /// A short stable hash (FNV-1a, 32 bits, 8 hex digits) for ids that must tell apart
    /// texts whose readable forms collide.
    public static func shortHash(_ text: String) -> String {
        var hash: UInt32 = 0x811c_9dc5
        for byte in text.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 0x0100_0193
        }
        let hex = String(hash, radix: 16, uppercase: true)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }
}

/// The kinds of stack of a stage, in deployment order.
public enum StackKind: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case network
    case database
    case compute
    case api
    case apiStage = "api-stage"
    case monitoring
    case template

    /// The stack name suffix.
    public var suffix: String { rawValue }

    /// Deployment order: creates and updates in this order, deletes in reverse.
    public var order: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.order < rhs.order }
}

import BallastSynth

/// How one resource of a stack changes.
public struct ResourceChange: Sendable, Hashable {
    /// What happens to the resource.
    public enum Action: String, Sendable, Hashable, Codable {
        case add
        case remove
        case modify
    }

    /// The logical id.
    public var logicalId: String
    /// The CloudFormation type (the desired one when both exist).
    public var type: String
    /// What happens.
    public var action: Action
    /// Whether CloudFormation will replace the resource (a new physical resource, the old one
    /// deleted): a create-only property changed, or the type did.
    public var replacement: Bool
    /// Whether the resource holds data (a database, a secret) and is being replaced or removed:
    /// the change that loses data unless the user asked for it.
    public var losesData: Bool
    /// Changed properties, for `modify`.
    public var properties: [PropertyChange]

    /// Creates a change.
    public init(
        logicalId: String, type: String, action: Action, replacement: Bool = false, losesData: Bool = false,
        properties: [PropertyChange] = []
    ) {
        self.logicalId = logicalId
        self.type = type
        self.action = action
        self.replacement = replacement
        self.losesData = losesData
        self.properties = properties
    }
}

/// One changed value inside a resource.
public struct PropertyChange: Sendable, Hashable {
    /// Dotted path below the resource, `Properties.MemorySize`,
    /// `Properties.Environment.Variables.LOG_LEVEL`, `Properties.SubnetIds[1]`, `DeletionPolicy`.
    public var path: String
    /// The live value (nil: absent).
    public var old: JSONValue?
    /// The desired value (nil: removed).
    public var new: JSONValue?
    /// Whether this change alone replaces the resource.
    public var causesReplacement: Bool

    /// Creates a property change.
    public init(path: String, old: JSONValue?, new: JSONValue?, causesReplacement: Bool = false) {
        self.path = path
        self.old = old
        self.new = new
        self.causesReplacement = causesReplacement
    }
}

import Foundation

/// One entry of a stack's history (`DescribeStackEvents`): a resource, or the stack itself,
/// moving to a status.
public struct StackEvent: Sendable, Hashable {
    /// The event's unique id.
    public var eventId: String
    /// The stack id.
    public var stackId: String
    /// The stack name.
    public var stackName: String
    /// The resource's name in the template (the stack's name for events of the stack itself).
    public var logicalResourceId: String
    /// The resource's name in AWS, when it has one.
    public var physicalResourceId: String?
    /// `AWS::SNS::Topic`, `AWS::CloudFormation::Stack`, …
    public var resourceType: String
    /// The status it moved to.
    public var resourceStatus: ResourceStatus
    /// Why, for failures (`Resource handler returned message: …`) and user-initiated steps.
    public var resourceStatusReason: String?
    /// When.
    public var timestamp: Date

    /// An event from its parts.
    public init(
        eventId: String, stackId: String, stackName: String, logicalResourceId: String,
        physicalResourceId: String? = nil, resourceType: String, resourceStatus: ResourceStatus,
        resourceStatusReason: String? = nil, timestamp: Date
    ) {
        self.eventId = eventId
        self.stackId = stackId
        self.stackName = stackName
        self.logicalResourceId = logicalResourceId
        self.physicalResourceId = physicalResourceId
        self.resourceType = resourceType
        self.resourceStatus = resourceStatus
        self.resourceStatusReason = resourceStatusReason
        self.timestamp = timestamp
    }

    /// Reads one `StackEvents/member`.
    public init(member: XMLTree) throws(ResponseDecodingError) {
        eventId = try member.requiredText(at: "EventId")
        stackId = try member.requiredText(at: "StackId")
        stackName = try member.requiredText(at: "StackName")
        logicalResourceId = try member.requiredText(at: "LogicalResourceId")
        physicalResourceId = member.text(at: "PhysicalResourceId").flatMap { $0.isEmpty ? nil : $0 }
        resourceType = try member.requiredText(at: "ResourceType")
        resourceStatus = ResourceStatus(rawValue: try member.requiredText(at: "ResourceStatus"))
        resourceStatusReason = member.text(at: "ResourceStatusReason")
        guard let timestamp = try member.timestamp(at: "Timestamp") else {
            throw ResponseDecodingError(path: "\(member.name)/Timestamp", reason: "missing")
        }
        self.timestamp = timestamp
    }
}

/// One page of `DescribeStackEvents`, newest first.
public struct DescribeStackEventsOutput: QueryResultDecodable, Hashable {
    /// The events on this page, newest first.
    public var events: [StackEvent]
    /// The token for the next (older) page; `nil` on the last.
    public var nextToken: String?

    /// Reads `StackEvents/member` and `NextToken`.
    public init(queryResult result: XMLTree) throws(ResponseDecodingError) {
        events = try result.elements(at: "StackEvents/member").map { (member) throws(ResponseDecodingError) in
            try StackEvent(member: member)
        }
        nextToken = result.text(at: "NextToken").flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// One resource of a stack as `DescribeStackResources` gives it.
public struct StackResource: Sendable, Hashable {
    /// The resource's name in the template.
    public var logicalResourceId: String
    /// Its name in AWS (an ARN, a name, an id), once it exists.
    public var physicalResourceId: String?
    /// `AWS::SNS::Topic`, …
    public var resourceType: String
    /// Where it is.
    public var resourceStatus: ResourceStatus
    /// Why, for failures.
    public var resourceStatusReason: String?
    /// When it last changed status.
    public var timestamp: Date

    /// A resource from its parts.
    public init(
        logicalResourceId: String, physicalResourceId: String? = nil, resourceType: String,
        resourceStatus: ResourceStatus, resourceStatusReason: String? = nil, timestamp: Date
    ) {
        self.logicalResourceId = logicalResourceId
        self.physicalResourceId = physicalResourceId
        self.resourceType = resourceType
        self.resourceStatus = resourceStatus
        self.resourceStatusReason = resourceStatusReason
        self.timestamp = timestamp
    }

    /// Reads one `StackResources/member`.
    public init(member: XMLTree) throws(ResponseDecodingError) {
        logicalResourceId = try member.requiredText(at: "LogicalResourceId")
        physicalResourceId = member.text(at: "PhysicalResourceId").flatMap { $0.isEmpty ? nil : $0 }
        resourceType = try member.requiredText(at: "ResourceType")
        resourceStatus = ResourceStatus(rawValue: try member.requiredText(at: "ResourceStatus"))
        resourceStatusReason = member.text(at: "ResourceStatusReason")
        guard let timestamp = try member.timestamp(at: "Timestamp") else {
            throw ResponseDecodingError(path: "\(member.name)/Timestamp", reason: "missing")
        }
        self.timestamp = timestamp
    }
}

/// The answer to `DescribeStackResources` (not paginated: at most 100 resources; a larger stack
/// needs `ListStackResources`).
public struct DescribeStackResourcesOutput: QueryResultDecodable, Hashable {
    /// The resources.
    public var resources: [StackResource]

    /// Reads `StackResources/member`.
    public init(queryResult result: XMLTree) throws(ResponseDecodingError) {
        resources = try result.elements(at: "StackResources/member").map { (member) throws(ResponseDecodingError) in
            try StackResource(member: member)
        }
    }
}

/// Which template `GetTemplate` returns: as sent (`Original`) or with transforms applied
/// (`Processed`).
public enum TemplateStage: String, Sendable, Hashable {
    /// The template as it was sent.
    case original = "Original"
    /// After macros and transforms (`AWS::Serverless`) ran.
    case processed = "Processed"
}

/// The answer to `GetTemplate`.
public struct GetTemplateOutput: QueryResultDecodable, Hashable {
    /// The template text, byte for byte as it was sent for the `Original` stage.
    public var templateBody: String
    /// The stages available (`Original`, and `Processed` for a template with transforms).
    public var stagesAvailable: [String]

    /// Reads `TemplateBody` and `StagesAvailable/member`.
    public init(queryResult result: XMLTree) throws(ResponseDecodingError) {
        templateBody = try result.requiredText(at: "TemplateBody")
        stagesAvailable = result.elements(at: "StagesAvailable/member").map(\.text)
    }
}

/// One exported output (`ListExports`), importable by any stack in the region with
/// `Fn::ImportValue`.
public struct StackExport: Sendable, Hashable {
    /// The export name.
    public var name: String
    /// The value.
    public var value: String
    /// The id of the stack that exports it.
    public var exportingStackId: String

    /// An export from its parts.
    public init(name: String, value: String, exportingStackId: String) {
        self.name = name
        self.value = value
        self.exportingStackId = exportingStackId
    }

    /// Reads one `Exports/member`.
    public init(member: XMLTree) throws(ResponseDecodingError) {
        name = try member.requiredText(at: "Name")
        value = member.text(at: "Value") ?? ""
        exportingStackId = try member.requiredText(at: "ExportingStackId")
    }
}

/// One page of `ListExports`.
public struct ListExportsOutput: QueryResultDecodable, Hashable {
    /// The exports on this page.
    public var exports: [StackExport]
    /// The token for the next page; `nil` on the last.
    public var nextToken: String?

    /// Reads `Exports/member` and `NextToken`.
    public init(queryResult result: XMLTree) throws(ResponseDecodingError) {
        exports = try result.elements(at: "Exports/member").map { (member) throws(ResponseDecodingError) in
            try StackExport(member: member)
        }
        nextToken = result.text(at: "NextToken").flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// The answer to `GetStackPolicy`.
public struct GetStackPolicyOutput: QueryResultDecodable, Hashable {
    /// The stack policy (JSON); `nil` when the stack has none.
    public var policyBody: String?

    /// Reads `StackPolicyBody`.
    public init(queryResult result: XMLTree) throws(ResponseDecodingError) {
        policyBody = result.text(at: "StackPolicyBody").flatMap { $0.isEmpty ? nil : $0 }
    }
}

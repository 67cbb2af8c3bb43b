import Foundation

/// Whether a change set updates an existing stack or creates a new one.
public enum ChangeSetType: String, Sendable, Hashable {
    /// Creates the stack (in `REVIEW_IN_PROGRESS` until the change set is executed).
    case create = "CREATE"
    /// Updates an existing stack.
    case update = "UPDATE"
}

/// The input of `CreateChangeSet`.
public struct CreateChangeSetInput: Sendable, Hashable {
    /// The stack name or id.
    public var stackName: String
    /// The change set name, unique within the stack.
    public var changeSetName: String
    /// Create or update.
    public var changeSetType: ChangeSetType
    /// The template; `nil` keeps the stack's current one (`UsePreviousTemplate`, updates only).
    public var template: TemplateSource?
    /// Values for the template's parameters.
    public var parameters: [StackParameter]
    /// The stack's tags; `nil` keeps them.
    public var tags: [StackTag]?
    /// The capabilities the template needs.
    public var capabilities: [StackCapability]
    /// A description of the change set.
    public var description: String?
    /// The IAM role CloudFormation acts as.
    public var roleArn: String?

    /// An input from its parts.
    public init(
        stackName: String, changeSetName: String, changeSetType: ChangeSetType, template: TemplateSource?,
        parameters: [StackParameter] = [], tags: [StackTag]? = nil, capabilities: [StackCapability] = [],
        description: String? = nil, roleArn: String? = nil
    ) {
        self.stackName = stackName
        self.changeSetName = changeSetName
        self.changeSetType = changeSetType
        self.template = template
        self.parameters = parameters
        self.tags = tags
        self.capabilities = capabilities
        self.description = description
        self.roleArn = roleArn
    }

    /// The query request.
    public var queryRequest: QueryRequest {
        var parameters = StackQuery.common(
            name: stackName, template: template, parameters: self.parameters, tags: tags,
            capabilities: capabilities, roleArn: roleArn)
        parameters["ChangeSetName"] = .string(changeSetName)
        parameters["ChangeSetType"] = .string(changeSetType.rawValue)
        if template == nil { parameters["UsePreviousTemplate"] = .bool(true) }
        if let description { parameters["Description"] = .string(description) }
        return QueryRequest(action: "CreateChangeSet", version: CloudFormation.apiVersion, parameters: parameters)
    }
}

/// The answer to `CreateChangeSet`.
public struct CreateChangeSetOutput: QueryResultDecodable, Hashable {
    /// The change set id (an ARN), which names it without the stack.
    public var id: String
    /// The stack id.
    public var stackId: String

    /// Reads `Id` and `StackId`.
    public init(queryResult result: XMLTree) throws(ResponseDecodingError) {
        id = try result.requiredText(at: "Id")
        stackId = try result.requiredText(at: "StackId")
    }
}

/// One thing CloudFormation would change about a resource's properties, and why.
public struct ResourceChangeDetail: Sendable, Hashable {
    /// What changes: `Properties`, `Metadata`, `Tags`, …
    public var attribute: String?
    /// The property's name, for `Properties`.
    public var name: String?
    /// Whether changing it recreates the resource: `Never`, `Conditionally`, `Always`.
    public var requiresRecreation: String?
    /// `Static` (known now) or `Dynamic` (known only at execution).
    public var evaluation: String?
    /// `DirectModification`, `ResourceReference`, `ParameterReference`, …
    public var changeSource: String?
    /// The parameter or resource that caused it, for references.
    public var causingEntity: String?

    /// A detail from its parts.
    public init(
        attribute: String? = nil, name: String? = nil, requiresRecreation: String? = nil, evaluation: String? = nil,
        changeSource: String? = nil, causingEntity: String? = nil
    ) {
        self.attribute = attribute
        self.name = name
        self.requiresRecreation = requiresRecreation
        self.evaluation = evaluation
        self.changeSource = changeSource
        self.causingEntity = causingEntity
    }

    /// Reads one `Details/member`.
    public init(member: XMLTree) {
        attribute = member.text(at: "Target/Attribute")
        name = member.text(at: "Target/Name")
        requiresRecreation = member.text(at: "Target/RequiresRecreation")
        evaluation = member.text(at: "Evaluation")
        changeSource = member.text(at: "ChangeSource")
        causingEntity = member.text(at: "CausingEntity")
    }
}

/// What a change set does to one resource.
public struct ResourceChange: Sendable, Hashable {
    /// Add, modify, remove, …
    public var action: ChangeAction
    /// The resource's name in the template.
    public var logicalResourceId: String
    /// Its name in AWS, for a resource that exists.
    public var physicalResourceId: String?
    /// `AWS::SNS::Topic`, …
    public var resourceType: String
    /// Whether a modification replaces it; `nil` for other actions.
    public var replacement: ChangeReplacement?
    /// What about it changes: `Properties`, `Metadata`, `Tags`, …
    public var scope: [String]
    /// Each property change and its cause.
    public var details: [ResourceChangeDetail]

    /// A change from its parts.
    public init(
        action: ChangeAction, logicalResourceId: String, physicalResourceId: String? = nil, resourceType: String,
        replacement: ChangeReplacement? = nil, scope: [String] = [], details: [ResourceChangeDetail] = []
    ) {
        self.action = action
        self.logicalResourceId = logicalResourceId
        self.physicalResourceId = physicalResourceId
        self.resourceType = resourceType
        self.replacement = replacement
        self.scope = scope
        self.details = details
    }

    /// Reads the `ResourceChange` of one `Changes/member`.
    public init(resourceChange change: XMLTree) throws(ResponseDecodingError) {
        action = ChangeAction(rawValue: try change.requiredText(at: "Action"))
        logicalResourceId = try change.requiredText(at: "LogicalResourceId")
        physicalResourceId = change.text(at: "PhysicalResourceId").flatMap { $0.isEmpty ? nil : $0 }
        resourceType = try change.requiredText(at: "ResourceType")
        replacement = change.text(at: "Replacement").flatMap { $0.isEmpty ? nil : ChangeReplacement(rawValue: $0) }
        scope = change.elements(at: "Scope/member").map(\.text)
        details = change.elements(at: "Details/member").map { ResourceChangeDetail(member: $0) }
    }
}

/// A change set as one page of `DescribeChangeSet` gives it; `changes` holds this page's only.
public struct ChangeSet: QueryResultDecodable, Hashable {
    /// The change set id (an ARN).
    public var id: String
    /// Its name.
    public var name: String
    /// The stack id.
    public var stackId: String
    /// The stack name.
    public var stackName: String
    /// Its description.
    public var description: String?
    /// Whether it was computed.
    public var status: ChangeSetStatus
    /// Why it failed (`The submitted information didn't contain changes…` when nothing changes).
    public var statusReason: String?
    /// Whether it can be executed.
    public var executionStatus: ChangeSetExecutionStatus
    /// The parameter values it would deploy.
    public var parameters: [StackParameter]
    /// The tags it would set.
    public var tags: [StackTag]
    /// The capabilities it acknowledges.
    public var capabilities: [StackCapability]
    /// When it was created.
    public var creationTime: Date?
    /// The resource changes on this page.
    public var changes: [ResourceChange]
    /// The token for the next page of changes; `nil` on the last.
    public var nextToken: String?

    /// Reads the `DescribeChangeSetResult`. Changes of a type other than `Resource` are skipped.
    public init(queryResult result: XMLTree) throws(ResponseDecodingError) {
        id = try result.requiredText(at: "ChangeSetId")
        name = try result.requiredText(at: "ChangeSetName")
        stackId = try result.requiredText(at: "StackId")
        stackName = try result.requiredText(at: "StackName")
        description = result.text(at: "Description")
        status = ChangeSetStatus(rawValue: try result.requiredText(at: "Status"))
        statusReason = result.text(at: "StatusReason")
        executionStatus = ChangeSetExecutionStatus(rawValue: try result.requiredText(at: "ExecutionStatus"))
        parameters = try result.elements(at: "Parameters/member").map { (member) throws(ResponseDecodingError) in
            try StackParameter(member: member)
        }
        tags = try result.elements(at: "Tags/member").map { (member) throws(ResponseDecodingError) in
            try StackTag(member: member)
        }
        capabilities = result.elements(at: "Capabilities/member").map { StackCapability(rawValue: $0.text) }
        creationTime = try result.timestamp(at: "CreationTime")
        var changes: [ResourceChange] = []
        for member in result.elements(at: "Changes/member") {
            if let type = member.text(at: "Type"), type != "Resource" { continue }
            guard let change = member.child("ResourceChange") else {
                throw ResponseDecodingError(path: "\(result.name)/Changes/member/ResourceChange", reason: "missing")
            }
            changes.append(try ResourceChange(resourceChange: change))
        }
        self.changes = changes
        nextToken = result.text(at: "NextToken").flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// A change set as `ListChangeSets` lists it.
public struct ChangeSetSummary: Sendable, Hashable {
    /// Its name.
    public var name: String
    /// The stack's name.
    public var stackName: String
    /// Whether it was computed.
    public var status: ChangeSetStatus
    /// Whether it can be executed, is being executed, or was.
    public var executionStatus: ChangeSetExecutionStatus

    init(member: XMLTree) throws(ResponseDecodingError) {
        name = try member.requiredText(at: "ChangeSetName")
        stackName = try member.requiredText(at: "StackName")
        status = ChangeSetStatus(rawValue: try member.requiredText(at: "Status"))
        executionStatus = ChangeSetExecutionStatus(rawValue: member.text(at: "ExecutionStatus") ?? "")
    }
}

/// One page of `ListChangeSets`.
public struct ListChangeSetsOutput: QueryResultDecodable, Hashable {
    /// The change sets on this page.
    public var summaries: [ChangeSetSummary]
    /// The token for the next page; `nil` on the last.
    public var nextToken: String?

    /// Reads the `ListChangeSetsResult`.
    public init(queryResult result: XMLTree) throws(ResponseDecodingError) {
        summaries = try result.elements(at: "Summaries/member").map { (member) throws(ResponseDecodingError) in
            try ChangeSetSummary(member: member)
        }
        nextToken = result.text(at: "NextToken").flatMap { $0.isEmpty ? nil : $0 }
    }
}

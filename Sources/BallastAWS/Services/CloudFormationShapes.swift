import Foundation

/// Where a template comes from: its text, or an S3 URL CloudFormation reads it from.
public enum TemplateSource: Sendable, Hashable {
    /// The template text, JSON or YAML (`TemplateBody`, at most 51,200 bytes).
    case body(String)
    /// An `https://` URL of a template in S3 (`TemplateURL`, at most 1 MB).
    case url(String)

    /// `TemplateBody` or `TemplateURL`.
    var queryParameter: (name: String, value: QueryValue) {
        switch self {
        case .body(let text): return ("TemplateBody", .string(text))
        case .url(let url): return ("TemplateURL", .string(url))
        }
    }
}

/// A capability a template needs acknowledged: `CAPABILITY_IAM`, `CAPABILITY_NAMED_IAM`,
/// `CAPABILITY_AUTO_EXPAND`.
public struct StackCapability: RawRepresentable, Sendable, Hashable {
    /// The value as AWS writes it.
    public var rawValue: String
    /// A capability from AWS's spelling.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The template creates IAM resources with generated names.
    public static let iam = StackCapability(rawValue: "CAPABILITY_IAM")
    /// The template creates IAM resources with names it chooses.
    public static let namedIAM = StackCapability(rawValue: "CAPABILITY_NAMED_IAM")
    /// The template uses macros or transforms (`AWS::Serverless`).
    public static let autoExpand = StackCapability(rawValue: "CAPABILITY_AUTO_EXPAND")
}

/// A stack parameter: a value for one of the template's `Parameters`, or the previous value kept.
public struct StackParameter: Sendable, Hashable {
    /// The parameter's name in the template.
    public var key: String
    /// The value; `nil` when `usePreviousValue` is set (or when AWS hides a `NoEcho` value).
    public var value: String?
    /// Keep the value the stack has now (updates and change sets only).
    public var usePreviousValue: Bool

    /// A parameter with a value.
    public init(key: String, value: String) {
        self.key = key
        self.value = value
        self.usePreviousValue = false
    }

    /// A parameter that keeps the stack's current value.
    public static func previous(_ key: String) -> StackParameter {
        var parameter = StackParameter(key: key, value: "")
        parameter.value = nil
        parameter.usePreviousValue = true
        return parameter
    }

    var queryValue: QueryValue {
        var fields: [String: QueryValue] = ["ParameterKey": .string(key)]
        if let value { fields["ParameterValue"] = .string(value) }
        if usePreviousValue { fields["UsePreviousValue"] = .bool(true) }
        return .structure(fields)
    }

    init(member: XMLTree) throws(ResponseDecodingError) {
        key = try member.requiredText(at: "ParameterKey")
        value = member.text(at: "ParameterValue")
        usePreviousValue = try member.bool(at: "UsePreviousValue") ?? false
    }
}

/// A tag on a stack, which CloudFormation copies to every resource that takes tags.
public struct StackTag: Sendable, Hashable {
    /// The key, `managed-by`.
    public var key: String
    /// The value, `ballast`.
    public var value: String

    /// A tag from its key and value.
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }

    var queryValue: QueryValue { .structure(["Key": .string(key), "Value": .string(value)]) }

    init(member: XMLTree) throws(ResponseDecodingError) {
        key = try member.requiredText(at: "Key")
        value = member.text(at: "Value") ?? ""
    }
}

/// One of a stack's `Outputs`.
public struct StackOutput: Sendable, Hashable {
    /// The output's name in the template.
    public var key: String
    /// Its value.
    public var value: String
    /// The template's description of it.
    public var description: String?
    /// The name it is exported under, when it is exported.
    public var exportName: String?

    /// An output from its parts.
    public init(key: String, value: String, description: String? = nil, exportName: String? = nil) {
        self.key = key
        self.value = value
        self.description = description
        self.exportName = exportName
    }

    init(member: XMLTree) throws(ResponseDecodingError) {
        key = try member.requiredText(at: "OutputKey")
        value = member.text(at: "OutputValue") ?? ""
        description = member.text(at: "Description")
        exportName = member.text(at: "ExportName")
    }
}

/// A stack as `DescribeStacks` gives it.
public struct CloudFormationStack: Sendable, Hashable {
    /// The stack id, an ARN `arn:aws:cloudformation:eu-central-1:123456789012:stack/name/uuid`.
    public var id: String
    /// The stack name.
    public var name: String
    /// Where it is in its life.
    public var status: StackStatus
    /// Why it is there, for failures and rollbacks.
    public var statusReason: String?
    /// The template's description.
    public var description: String?
    /// The parameter values it was last deployed with.
    public var parameters: [StackParameter]
    /// Its outputs.
    public var outputs: [StackOutput]
    /// Its tags.
    public var tags: [StackTag]
    /// The capabilities acknowledged when it was last deployed.
    public var capabilities: [StackCapability]
    /// Whether `DeleteStack` is refused.
    public var terminationProtection: Bool
    /// When it was created.
    public var creationTime: Date
    /// When it was last updated; `nil` when never.
    public var lastUpdatedTime: Date?

    /// A stack from its parts.
    public init(
        id: String, name: String, status: StackStatus, statusReason: String? = nil, description: String? = nil,
        parameters: [StackParameter] = [], outputs: [StackOutput] = [], tags: [StackTag] = [],
        capabilities: [StackCapability] = [], terminationProtection: Bool = false, creationTime: Date,
        lastUpdatedTime: Date? = nil
    ) {
        self.id = id
        self.name = name
        self.status = status
        self.statusReason = statusReason
        self.description = description
        self.parameters = parameters
        self.outputs = outputs
        self.tags = tags
        self.capabilities = capabilities
        self.terminationProtection = terminationProtection
        self.creationTime = creationTime
        self.lastUpdatedTime = lastUpdatedTime
    }

    /// Reads one `Stacks/member`.
    public init(member: XMLTree) throws(ResponseDecodingError) {
        id = try member.requiredText(at: "StackId")
        name = try member.requiredText(at: "StackName")
        status = StackStatus(rawValue: try member.requiredText(at: "StackStatus"))
        statusReason = member.text(at: "StackStatusReason")
        description = member.text(at: "Description")
        parameters = try member.elements(at: "Parameters/member").map { (item) throws(ResponseDecodingError) in
            try StackParameter(member: item)
        }
        outputs = try member.elements(at: "Outputs/member").map { (item) throws(ResponseDecodingError) in
            try StackOutput(member: item)
        }
        tags = try member.elements(at: "Tags/member").map { (item) throws(ResponseDecodingError) in
            try StackTag(member: item)
        }
        capabilities = member.elements(at: "Capabilities/member").map { StackCapability(rawValue: $0.text) }
        terminationProtection = try member.bool(at: "EnableTerminationProtection") ?? false
        guard let created = try member.timestamp(at: "CreationTime") else {
            throw ResponseDecodingError(path: "\(member.name)/CreationTime", reason: "missing")
        }
        creationTime = created
        lastUpdatedTime = try member.timestamp(at: "LastUpdatedTime")
    }

    /// The parameter values by key (values AWS hides are left out).
    public var parameterValues: [String: String] {
        Dictionary(parameters.compactMap { parameter in parameter.value.map { (parameter.key, $0) } }) { $1 }
    }

    /// The tags by key.
    public var tagValues: [String: String] { Dictionary(tags.map { ($0.key, $0.value) }) { $1 } }

    /// The output values by key.
    public var outputValues: [String: String] { Dictionary(outputs.map { ($0.key, $0.value) }) { $1 } }
}

/// The input of `CreateStack`.
public struct CreateStackInput: Sendable, Hashable {
    /// The stack name: letters, digits and hyphens, starting with a letter.
    public var name: String
    /// The template.
    public var template: TemplateSource
    /// Values for the template's parameters.
    public var parameters: [StackParameter]
    /// Tags for the stack and its resources.
    public var tags: [StackTag]
    /// The capabilities the template needs.
    public var capabilities: [StackCapability]
    /// A stack policy (JSON) protecting resources from updates.
    public var stackPolicyBody: String?
    /// Refuse `DeleteStack` until it is turned off.
    public var enableTerminationProtection: Bool?
    /// The IAM role CloudFormation acts as.
    public var roleArn: String?
    /// Fail the creation after this many minutes.
    public var timeoutInMinutes: Int?

    /// An input from its parts.
    public init(
        name: String, template: TemplateSource, parameters: [StackParameter] = [], tags: [StackTag] = [],
        capabilities: [StackCapability] = [], stackPolicyBody: String? = nil,
        enableTerminationProtection: Bool? = nil, roleArn: String? = nil, timeoutInMinutes: Int? = nil
    ) {
        self.name = name
        self.template = template
        self.parameters = parameters
        self.tags = tags
        self.capabilities = capabilities
        self.stackPolicyBody = stackPolicyBody
        self.enableTerminationProtection = enableTerminationProtection
        self.roleArn = roleArn
        self.timeoutInMinutes = timeoutInMinutes
    }

    /// The query request.
    public var queryRequest: QueryRequest {
        var parameters = StackQuery.common(
            name: name, template: template, parameters: self.parameters, tags: tags.isEmpty ? nil : tags,
            capabilities: capabilities, roleArn: roleArn)
        if let stackPolicyBody { parameters["StackPolicyBody"] = .string(stackPolicyBody) }
        if let enableTerminationProtection {
            parameters["EnableTerminationProtection"] = .bool(enableTerminationProtection)
        }
        if let timeoutInMinutes { parameters["TimeoutInMinutes"] = .int(timeoutInMinutes) }
        return QueryRequest(action: "CreateStack", version: CloudFormation.apiVersion, parameters: parameters)
    }
}

/// The input of `UpdateStack`.
public struct UpdateStackInput: Sendable, Hashable {
    /// The stack name or id.
    public var name: String
    /// The new template; `nil` keeps the current one (`UsePreviousTemplate`).
    public var template: TemplateSource?
    /// Values for the template's parameters; every parameter must be named (`previous` keeps one).
    public var parameters: [StackParameter]
    /// The stack's tags; `nil` keeps them, `[]` removes them all.
    public var tags: [StackTag]?
    /// The capabilities the template needs.
    public var capabilities: [StackCapability]
    /// A stack policy (JSON) for this update only.
    public var stackPolicyDuringUpdateBody: String?
    /// The IAM role CloudFormation acts as.
    public var roleArn: String?

    /// An input from its parts.
    public init(
        name: String, template: TemplateSource?, parameters: [StackParameter] = [], tags: [StackTag]? = nil,
        capabilities: [StackCapability] = [], stackPolicyDuringUpdateBody: String? = nil, roleArn: String? = nil
    ) {
        self.name = name
        self.template = template
        self.parameters = parameters
        self.tags = tags
        self.capabilities = capabilities
        self.stackPolicyDuringUpdateBody = stackPolicyDuringUpdateBody
        self.roleArn = roleArn
    }

    /// The query request.
    public var queryRequest: QueryRequest {
        var parameters = StackQuery.common(
            name: name, template: template, parameters: self.parameters, tags: tags, capabilities: capabilities,
            roleArn: roleArn)
        if template == nil { parameters["UsePreviousTemplate"] = .bool(true) }
        if let stackPolicyDuringUpdateBody {
            parameters["StackPolicyDuringUpdateBody"] = .string(stackPolicyDuringUpdateBody)
        }
        return QueryRequest(action: "UpdateStack", version: CloudFormation.apiVersion, parameters: parameters)
    }
}

/// The parameters `CreateStack`, `UpdateStack` and `CreateChangeSet` share.
enum StackQuery {
    static func common(
        name: String, template: TemplateSource?, parameters: [StackParameter], tags: [StackTag]?,
        capabilities: [StackCapability], roleArn: String?
    ) -> [String: QueryValue] {
        var fields: [String: QueryValue] = ["StackName": .string(name)]
        if let template {
            let (key, value) = template.queryParameter
            fields[key] = value
        }
        if !parameters.isEmpty { fields["Parameters"] = .list(parameters.map(\.queryValue)) }
        if let tags { fields["Tags"] = .list(tags.map(\.queryValue)) }
        if !capabilities.isEmpty { fields["Capabilities"] = .strings(capabilities.map(\.rawValue)) }
        if let roleArn { fields["RoleARN"] = .string(roleArn) }
        return fields
    }
}

/// The answer to `CreateStack`, `UpdateStack` and `UpdateTerminationProtection`: the stack id.
public struct StackIdOutput: QueryResultDecodable, Hashable {
    /// The stack id (an ARN).
    public var stackId: String

    /// Reads `StackId`.
    public init(queryResult result: XMLTree) throws(ResponseDecodingError) {
        stackId = try result.requiredText(at: "StackId")
    }
}

/// One page of `DescribeStacks`.
public struct DescribeStacksOutput: QueryResultDecodable, Hashable {
    /// The stacks on this page.
    public var stacks: [CloudFormationStack]
    /// The token for the next page; `nil` on the last.
    public var nextToken: String?

    /// Reads `Stacks/member` and `NextToken`.
    public init(queryResult result: XMLTree) throws(ResponseDecodingError) {
        stacks = try result.elements(at: "Stacks/member").map { (member) throws(ResponseDecodingError) in
            try CloudFormationStack(member: member)
        }
        nextToken = result.text(at: "NextToken").flatMap { $0.isEmpty ? nil : $0 }
    }
}

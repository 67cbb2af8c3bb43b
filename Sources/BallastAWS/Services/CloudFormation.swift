import Foundation

/// AWS CloudFormation over the query protocol: stacks, their templates, events, resources,
/// change sets and exports.
///
/// Every call throws `AWSError` (naming `CloudFormation` and the operation, with AWS's error
/// code), `CredentialsError`, or `ResponseDecodingError` for a 2xx response it cannot read.
/// A stack that does not exist is `AWSError.isMissingStack`; `describeStack(name:)` turns it
/// into `nil`.
public struct CloudFormation: AWSServiceClient {
    /// The API version every request names.
    public static let apiVersion = "2010-05-15"
    /// AWS CloudFormation's names.
    public static let service = AWSService.cloudFormation

    /// Where and how requests go.
    public var connection: ServiceConnection

    /// A client over `connection`, whose service should be `.cloudFormation`.
    public init(connection: ServiceConnection) {
        self.connection = connection
    }

    // MARK: Stacks

    /// Creates a stack; returns its id. Creation goes on after the call returns: poll
    /// `describeStack(name:)` until the status is no longer in progress.
    public func createStack(_ input: CreateStackInput) async throws -> String {
        try await call(input.queryRequest, as: StackIdOutput.self).stackId
    }

    /// Starts an update of a stack; returns its id. Fails with `ValidationError` "No updates are
    /// to be performed." when nothing would change.
    public func updateStack(_ input: UpdateStackInput) async throws -> String {
        try await call(input.queryRequest, as: StackIdOutput.self).stackId
    }

    /// Starts deleting a stack (name or id). Deleting a stack that does not exist succeeds;
    /// one with termination protection fails with `ValidationError`.
    public func deleteStack(name: String, roleArn: String? = nil) async throws {
        var parameters: [String: QueryValue] = ["StackName": .string(name)]
        if let roleArn { parameters["RoleARN"] = .string(roleArn) }
        try await send(request("DeleteStack", parameters))
    }

    /// One page of stacks: the stack `name` (name or id), or every stack when `name` is `nil`.
    ///
    /// A stack name that does not exist throws `AWSError.isMissingStack`.
    public func describeStacks(name: String? = nil, nextToken: String? = nil) async throws -> DescribeStacksOutput {
        var parameters: [String: QueryValue] = [:]
        if let name { parameters["StackName"] = .string(name) }
        if let nextToken { parameters["NextToken"] = .string(nextToken) }
        return try await call(request("DescribeStacks", parameters), as: DescribeStacksOutput.self)
    }

    /// The stack `name` (name or id), or `nil` when there is none: the diff's "create".
    public func describeStack(name: String) async throws -> CloudFormationStack? {
        do {
            return try await describeStacks(name: name).stacks.first
        } catch let error as AWSError where error.isMissingStack {
            return nil
        }
    }

    /// Every stack of the account in the region, following every page.
    public func describeAllStacks() async throws -> [CloudFormationStack] {
        try await allPages(of: "DescribeStacks") { token in
            let page = try await describeStacks(nextToken: token)
            return (page.stacks, page.nextToken)
        }
    }

    /// One page of the events of stack `name` (name or id), newest first.
    public func describeStackEvents(name: String, nextToken: String? = nil) async throws -> DescribeStackEventsOutput {
        var parameters: [String: QueryValue] = ["StackName": .string(name)]
        if let nextToken { parameters["NextToken"] = .string(nextToken) }
        return try await call(request("DescribeStackEvents", parameters), as: DescribeStackEventsOutput.self)
    }

    /// Every event of stack `name`, newest first, following every page.
    public func describeAllStackEvents(name: String) async throws -> [StackEvent] {
        try await allPages(of: "DescribeStackEvents") { token in
            let page = try await describeStackEvents(name: name, nextToken: token)
            return (page.events, page.nextToken)
        }
    }

    /// The events of stack `name` at or after `since`, newest first: pages are read only while
    /// they reach back that far (CloudFormation answers newest first), so waiting for one
    /// operation of a stack with a long history does not read that whole history at every poll.
    public func describeStackEvents(name: String, since: Date) async throws -> [StackEvent] {
        var events: [StackEvent] = []
        var tokens = PageTokens(service: Self.serviceName, operation: "DescribeStackEvents")
        var token: String?
        repeat {
            let page = try await describeStackEvents(name: name, nextToken: token)
            events += page.events.filter { $0.timestamp >= since }
            guard let oldest = page.events.last, oldest.timestamp >= since else { break }
            token = try tokens.next(page.nextToken)
        } while token != nil
        return events
    }

    /// The resources of stack `name` (name or id).
    public func describeStackResources(name: String) async throws -> [StackResource] {
        try await call(
            request("DescribeStackResources", ["StackName": .string(name)]), as: DescribeStackResourcesOutput.self
        ).resources
    }

    /// The template of stack `name` (name or id) at `stage`.
    public func getTemplate(name: String, stage: TemplateStage = .original) async throws -> GetTemplateOutput {
        try await call(
            request("GetTemplate", ["StackName": .string(name), "TemplateStage": .string(stage.rawValue)]),
            as: GetTemplateOutput.self)
    }

    /// Replaces the stack policy of stack `name` with `policyBody` (JSON).
    public func setStackPolicy(name: String, policyBody: String) async throws {
        try await send(request("SetStackPolicy", ["StackName": .string(name), "StackPolicyBody": .string(policyBody)]))
    }

    /// The stack policy of stack `name` (JSON), or `nil` when it has none. Not in the issue's
    /// list; it lets a caller check what `setStackPolicy` left.
    public func getStackPolicy(name: String) async throws -> String? {
        try await call(request("GetStackPolicy", ["StackName": .string(name)]), as: GetStackPolicyOutput.self)
            .policyBody
    }

    /// Turns termination protection of stack `name` on or off; returns the stack id.
    public func updateTerminationProtection(name: String, enabled: Bool) async throws -> String {
        try await call(
            request(
                "UpdateTerminationProtection",
                ["StackName": .string(name), "EnableTerminationProtection": .bool(enabled)]),
            as: StackIdOutput.self
        ).stackId
    }

    /// One page of the exported outputs of every stack in the region.
    public func listExports(nextToken: String? = nil) async throws -> ListExportsOutput {
        var parameters: [String: QueryValue] = [:]
        if let nextToken { parameters["NextToken"] = .string(nextToken) }
        return try await call(request("ListExports", parameters), as: ListExportsOutput.self)
    }

    /// Every exported output in the region, following every page.
    public func listAllExports() async throws -> [StackExport] {
        try await allPages(of: "ListExports") { token in
            let page = try await listExports(nextToken: token)
            return (page.exports, page.nextToken)
        }
    }

    // MARK: Change sets

    /// Starts computing a change set. It is ready when `describeChangeSet` no longer reports it
    /// pending.
    public func createChangeSet(_ input: CreateChangeSetInput) async throws -> CreateChangeSetOutput {
        try await call(input.queryRequest, as: CreateChangeSetOutput.self)
    }

    /// One page of change set `name` (a name with `stackName`, or its id alone).
    public func describeChangeSet(
        name: String, stackName: String? = nil, nextToken: String? = nil
    ) async throws -> ChangeSet {
        var parameters = changeSetParameters(name: name, stackName: stackName)
        if let nextToken { parameters["NextToken"] = .string(nextToken) }
        return try await call(request("DescribeChangeSet", parameters), as: ChangeSet.self)
    }

    /// Change set `name` with the changes of every page.
    public func describeChangeSetAllPages(name: String, stackName: String? = nil) async throws -> ChangeSet {
        var changeSet = try await describeChangeSet(name: name, stackName: stackName)
        var tokens = PageTokens(service: Self.serviceName, operation: "DescribeChangeSet")
        while let token = try tokens.next(changeSet.nextToken) {
            let page = try await describeChangeSet(name: name, stackName: stackName, nextToken: token)
            changeSet.changes += page.changes
            changeSet.nextToken = page.nextToken
        }
        changeSet.nextToken = nil
        return changeSet
    }

    /// The resource changes of change set `name`, from every page.
    public func changeSetChanges(name: String, stackName: String? = nil) async throws -> [ResourceChange] {
        try await describeChangeSetAllPages(name: name, stackName: stackName).changes
    }

    /// Executes change set `name` (a name with `stackName`, or its id alone); the stack update
    /// goes on after the call returns.
    public func executeChangeSet(name: String, stackName: String? = nil) async throws {
        try await send(request("ExecuteChangeSet", changeSetParameters(name: name, stackName: stackName)))
    }

    /// One page of the change sets of stack `stackName` (name or id).
    public func listChangeSets(stackName: String, nextToken: String? = nil) async throws -> ListChangeSetsOutput {
        var parameters: [String: QueryValue] = ["StackName": .string(stackName)]
        if let nextToken { parameters["NextToken"] = .string(nextToken) }
        return try await call(request("ListChangeSets", parameters), as: ListChangeSetsOutput.self)
    }

    /// Every change set of stack `stackName`, from every page.
    public func listAllChangeSets(stackName: String) async throws -> [ChangeSetSummary] {
        try await allPages(of: "ListChangeSets") { token in
            let page = try await listChangeSets(stackName: stackName, nextToken: token)
            return (page.summaries, page.nextToken)
        }
    }

    /// Deletes change set `name` (a name with `stackName`, or its id alone).
    public func deleteChangeSet(name: String, stackName: String? = nil) async throws {
        try await send(request("DeleteChangeSet", changeSetParameters(name: name, stackName: stackName)))
    }

    // MARK: Sending

    private func changeSetParameters(name: String, stackName: String?) -> [String: QueryValue] {
        var parameters: [String: QueryValue] = ["ChangeSetName": .string(name)]
        if let stackName { parameters["StackName"] = .string(stackName) }
        return parameters
    }

    private func request(_ action: String, _ parameters: [String: QueryValue]) -> QueryRequest {
        QueryRequest(action: action, version: Self.apiVersion, parameters: parameters)
    }

    private func call<Output: QueryResultDecodable>(_ request: QueryRequest, as _: Output.Type) async throws -> Output {
        try await connection.send(operation: request.action, request.wireRequest) { response in
            try decoding(request.action) {
                try QueryResponse.decode(Output.self, action: request.action, from: response.body)
            }
        }
    }

    private func send(_ request: QueryRequest) async throws {
        _ = try await connection.send(operation: request.action, request.wireRequest)
    }

    /// Follows `next` tokens of `operation` from the first page until there is none; a token
    /// that repeats throws `ResponseDecodingError` (``PageTokens``).
    private func allPages<Item>(
        of operation: String, _ page: (_ token: String?) async throws -> (items: [Item], next: String?)
    ) async throws -> [Item] {
        var items: [Item] = []
        var tokens = PageTokens(service: Self.serviceName, operation: operation)
        var token: String?
        repeat {
            let (pageItems, next) = try await page(token)
            items += pageItems
            token = try tokens.next(next)
        } while token != nil
        return items
    }
}

extension AWSError {
    /// A CloudFormation call that named a stack that does not exist: `ValidationError` with
    /// "Stack with id … does not exist".
    public var isMissingStack: Bool {
        cloudFormationErrorCode == .validationError && message.hasSuffix("does not exist")
    }

    /// A CloudFormation call that named a change set that does not exist: `ChangeSetNotFound`
    /// on AWS. moto answers `ValidationError` "Stack with id <name> does not exist" instead, so
    /// that counts too (the calls that ask this name an existing stack).
    public var isMissingChangeSet: Bool {
        cloudFormationErrorCode == .changeSetNotFound || isMissingStack
    }
}

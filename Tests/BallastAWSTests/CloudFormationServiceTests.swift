import BallastAWS
import BallastTestSupport
import Foundation
import Testing

/// CloudFormation through Ballast's client against the AWS emulator (moto_server with Ballast's
/// extension), one emulator for the suite. Each difference from AWS a test meets is named where
/// it is met.
@Suite("CloudFormation against the AWS emulator", .serialized, .emulatorPerSuite)
struct CloudFormationServiceTests {
    /// A template with a parameter, an SNS topic, an alarm notifying it (created by Ballast's
    /// emulator extension; moto alone skips `AWS::CloudWatch::Alarm`) and an exported output.
    static func template(_ name: String, extraTopic: Bool = false) -> String {
        var text = """
            AWSTemplateFormatVersion: '2010-09-09'
            Description: Ballast test stack \(name)
            Parameters:
              Threshold:
                Type: Number
                Default: 5
            Resources:
              Topic:
                Type: AWS::SNS::Topic
                Properties:
                  TopicName: \(name)-topic
              Alarm:
                Type: AWS::CloudWatch::Alarm
                Properties:
                  AlarmName: \(name)-errors
                  MetricName: Errors
                  Namespace: AWS/Lambda
                  Statistic: Sum
                  Period: 60
                  EvaluationPeriods: 1
                  Threshold: !Ref Threshold
                  ComparisonOperator: GreaterThanOrEqualToThreshold
                  AlarmActions: [!Ref Topic]

            """
        if extraTopic {
            text += """
                  Audit:
                    Type: AWS::SNS::Topic
                    Properties:
                      TopicName: \(name)-audit

                """
        }
        text += """
            Outputs:
              TopicArn:
                Description: where alarms go
                Value: !Ref Topic
                Export:
                  Name: \(name)-topic-arn

            """
        return text
    }

    /// A one-topic template, for stacks that only need to exist.
    static func smallTemplate(_ name: String) -> String {
        """
        Resources:
          Topic:
            Type: AWS::SNS::Topic
            Properties:
              TopicName: \(name)-topic

        """
    }

    private func cloudFormation() throws -> (CloudFormation, LoopbackPeer) {
        let emulator = try EmulatorPerSuite.emulator()
        let account = try EmulatorAccount(emulator)
        let service = try CloudFormation(
            configuration: account.configuration, region: "us-east-1", client: account.client,
            credentials: account.credentials, now: { Date() })
        return (service, emulator)
    }

    /// The stack once no operation is in progress on it (moto finishes within the call; AWS
    /// takes a while).
    private func settled(_ service: CloudFormation, _ name: String) async throws -> CloudFormationStack {
        try #require(try await Settled.stack(service, name))
    }

    private func create(_ service: CloudFormation, _ name: String, template: String? = nil) async throws -> String {
        let id = try await service.createStack(
            CreateStackInput(name: name, template: .body(template ?? Self.smallTemplate(name))))
        _ = try await settled(service, name)
        return id
    }

    @Test("CreateStack with parameters, tags and capabilities; DescribeStacks reads them back")
    func createAndDescribe() async throws {
        let (service, _) = try cloudFormation()
        let before = Date().addingTimeInterval(-5)
        let id = try await service.createStack(
            CreateStackInput(
                name: "cfn-create", template: .body(Self.template("cfn-create")),
                parameters: [StackParameter(key: "Threshold", value: "3")],
                tags: [StackTag(key: "managed-by", value: "ballast"), StackTag(key: "stage", value: "test")],
                capabilities: [.iam, .namedIAM, .autoExpand], enableTerminationProtection: false))
        #expect(id.hasPrefix("arn:aws:cloudformation:us-east-1:\(EmulatorAccount.accountId):stack/cfn-create/"))

        let stack = try await settled(service, "cfn-create")
        #expect(stack.id == id)
        #expect(stack.name == "cfn-create")
        #expect(stack.status == .createComplete)
        #expect(stack.parameterValues == ["Threshold": "3"])
        #expect(stack.tagValues == ["managed-by": "ballast", "stage": "test"])
        #expect(stack.terminationProtection == false)
        #expect(stack.creationTime > before && stack.creationTime < Date().addingTimeInterval(5))
        #expect(stack.lastUpdatedTime == nil)
        let output = try #require(stack.outputs.first)
        #expect(output.key == "TopicArn")
        #expect(output.value == "arn:aws:sns:us-east-1:\(EmulatorAccount.accountId):cfn-create-topic")
        #expect(output.exportName == "cfn-create-topic-arn")
    }

    @Test("GetTemplate returns the template byte for byte, for both stages")
    func getTemplate() async throws {
        let (service, _) = try cloudFormation()
        let body = Self.template("cfn-template") + "# a comment, and non-ASCII: Zürich → ✓\n"
        _ = try await create(service, "cfn-template", template: body)
        let original = try await service.getTemplate(name: "cfn-template")
        #expect(Data(original.templateBody.utf8) == Data(body.utf8))
        // moto ignores `TemplateStage` and returns no `StagesAvailable`; a template without
        // transforms is the same in both stages on AWS too.
        let processed = try await service.getTemplate(name: "cfn-template", stage: .processed)
        #expect(processed.templateBody == body)
    }

    @Test("DescribeStackEvents and DescribeStackResources name every resource with its physical id")
    func eventsAndResources() async throws {
        let (service, _) = try cloudFormation()
        let id = try await create(service, "cfn-events", template: Self.template("cfn-events"))

        let resources = try await service.describeStackResources(name: "cfn-events")
        let byName = Dictionary(resources.map { ($0.logicalResourceId, $0) }) { first, _ in first }
        #expect(Set(byName.keys) == ["Topic", "Alarm"])
        #expect(byName["Topic"]?.resourceType == "AWS::SNS::Topic")
        #expect(
            byName["Topic"]?.physicalResourceId == "arn:aws:sns:us-east-1:\(EmulatorAccount.accountId):cfn-events-topic"
        )
        #expect(byName["Alarm"]?.resourceType == "AWS::CloudWatch::Alarm")
        #expect(byName["Alarm"]?.physicalResourceId == "cfn-events-errors")
        #expect(resources.allSatisfy { $0.resourceStatus == .createComplete })

        let events = try await service.describeAllStackEvents(name: "cfn-events")
        #expect(!events.isEmpty)
        #expect(Set(events.map(\.eventId)).count == events.count)
        #expect(events.allSatisfy { $0.stackId == id && $0.stackName == "cfn-events" })
        let created = try #require(
            events.first { $0.logicalResourceId == "cfn-events" && $0.resourceStatus == .createComplete })
        #expect(created.resourceType == "AWS::CloudFormation::Stack")
        #expect(created.physicalResourceId == id)
        #expect(abs(created.timestamp.timeIntervalSinceNow) < 60)
        #expect(
            events.contains { $0.resourceStatus.rawValue == "CREATE_IN_PROGRESS" && $0.resourceStatusReason != nil })
        // Newest first.
        #expect(zip(events, events.dropFirst()).allSatisfy { $0.timestamp >= $1.timestamp })
    }

    @Test("a missing stack is nil from describeStack, and a ValidationError naming the call from describeStacks")
    func missingStack() async throws {
        let (service, _) = try cloudFormation()
        #expect(try await service.describeStack(name: "cfn-no-such-stack") == nil)
        let error = await #expect(throws: AWSError.self) {
            try await service.describeStacks(name: "cfn-no-such-stack")
        }
        #expect(error?.code == "ValidationError")
        #expect(error?.cloudFormationErrorCode == .validationError)
        #expect(error?.httpStatus == 400)
        #expect(error?.service == "CloudFormation")
        #expect(error?.operation == "DescribeStacks")
        #expect(error?.isMissingStack == true)
        #expect(error?.attempts == 1)
        let templateError = await #expect(throws: AWSError.self) {
            try await service.getTemplate(name: "cfn-no-such-stack")
        }
        #expect(templateError?.isMissingStack == true)
    }

    @Test("CreateStack from a TemplateURL in S3")
    func templateURL() async throws {
        let (service, emulator) = try cloudFormation()
        let body = Self.smallTemplate("cfn-url")
        // Set-up only: Ballast's client has no S3 upload of its own here.
        _ = try await BotoScript.run(
            """
            import boto3
            s3 = boto3.client("s3")
            s3.create_bucket(Bucket="cfn-templates")
            s3.put_object(Bucket="cfn-templates", Key="small.yaml", Body=\(pythonLiteral(body)).encode())
            """, endpoint: emulator.endpoint)
        _ = try await service.createStack(
            CreateStackInput(name: "cfn-url", template: .url("https://s3.amazonaws.com/cfn-templates/small.yaml")))
        let stack = try await settled(service, "cfn-url")
        #expect(stack.status == .createComplete)
        #expect(try await service.getTemplate(name: "cfn-url").templateBody == body)
    }

    @Test("UpdateStack with a new parameter value and tags; a no-op update is refused")
    func updateStack() async throws {
        let (service, _) = try cloudFormation()
        _ = try await service.createStack(
            CreateStackInput(
                name: "cfn-update", template: .body(Self.template("cfn-update")),
                parameters: [StackParameter(key: "Threshold", value: "3")]))
        _ = try await settled(service, "cfn-update")

        _ = try await service.updateStack(
            UpdateStackInput(
                name: "cfn-update", template: nil, parameters: [StackParameter(key: "Threshold", value: "7")],
                tags: [StackTag(key: "managed-by", value: "ballast")]))
        let updated = try await settled(service, "cfn-update")
        #expect(updated.status == .updateComplete)
        #expect(updated.parameterValues == ["Threshold": "7"])
        #expect(updated.tagValues == ["managed-by": "ballast"])
        #expect(updated.lastUpdatedTime != nil)
        #expect(try await service.getTemplate(name: "cfn-update").templateBody == Self.template("cfn-update"))

        // Ballast's emulator refuses it as AWS does (moto alone accepted it).
        let error = await #expect(throws: AWSError.self) {
            try await service.updateStack(
                UpdateStackInput(
                    name: "cfn-update", template: .body(Self.template("cfn-update")),
                    parameters: [.previous("Threshold")]))
        }
        #expect(error?.code == "ValidationError")
        #expect(error?.message == "No updates are to be performed.")
        #expect(error?.operation == "UpdateStack")
    }

    @Test("an UPDATE change set: created, described with its changes, executed, and deleted")
    func updateChangeSet() async throws {
        let (service, _) = try cloudFormation()
        let stackId = try await create(service, "cfn-change", template: Self.template("cfn-change"))
        let created = try await service.createChangeSet(
            CreateChangeSetInput(
                stackName: "cfn-change", changeSetName: "add-audit", changeSetType: .update,
                template: .body(Self.template("cfn-change", extraTopic: true)),
                parameters: [.previous("Threshold")], capabilities: [.iam],
                description: "adds the audit topic"))
        #expect(created.stackId == stackId)
        #expect(created.id.contains(":changeSet/add-audit/"))

        var changeSet = try await service.describeChangeSetAllPages(name: "add-audit", stackName: "cfn-change")
        for _ in 0..<50 where changeSet.status.isPending {
            try await Task.sleep(for: .milliseconds(100))
            changeSet = try await service.describeChangeSetAllPages(name: "add-audit", stackName: "cfn-change")
        }
        #expect(changeSet.id == created.id)
        #expect(changeSet.name == "add-audit")
        #expect(changeSet.stackName == "cfn-change")
        #expect(changeSet.status == .createComplete)
        #expect(changeSet.executionStatus == .available)
        #expect(changeSet.nextToken == nil)
        let change = try #require(changeSet.changes.first)
        #expect(changeSet.changes.count == 1, "\(changeSet.changes)")
        #expect(change.action == .add)
        #expect(change.logicalResourceId == "Audit")
        #expect(change.resourceType == "AWS::SNS::Topic")
        // The same, by the change set's id alone.
        #expect(try await service.changeSetChanges(name: created.id) == changeSet.changes)

        try await service.executeChangeSet(name: "add-audit", stackName: "cfn-change")
        let stack = try await settled(service, "cfn-change")
        #expect(stack.status == .updateComplete)
        let resources = try await service.describeStackResources(name: "cfn-change")
        #expect(Set(resources.map(\.logicalResourceId)) == ["Topic", "Alarm", "Audit"])

        // A change set that changes nothing fails and cannot be executed (Ballast's emulator does
        // this as AWS does; moto alone listed every resource as `Add`).
        let unchanged = Self.template("cfn-change", extraTopic: true)
        _ = try await service.createChangeSet(
            CreateChangeSetInput(
                stackName: "cfn-change", changeSetName: "nothing-with-parameters", changeSetType: .update,
                template: .body(unchanged), parameters: [.previous("Threshold")]))
        let nothingWithParameters = try await Settled.changeSet(
            service, "nothing-with-parameters", stack: "cfn-change")
        withKnownIssue(
            "moto: with UsePreviousValue of a Number parameter the change set lists a Modify (AWS: FAILED, no changes)"
        ) {
            #expect(nothingWithParameters.status == .failed)
        }
        try await service.deleteChangeSet(name: "nothing-with-parameters", stackName: "cfn-change")
        _ = try await service.createChangeSet(
            CreateChangeSetInput(
                stackName: "cfn-change", changeSetName: "nothing", changeSetType: .update, template: .body(unchanged)))
        let nothing = try await Settled.changeSet(service, "nothing", stack: "cfn-change")
        #expect(nothing.status == .failed)
        #expect(nothing.executionStatus == .unavailable)
        #expect(nothing.statusReason?.contains("didn't contain changes") == true)
        #expect(nothing.changes.isEmpty)
        let refused = await #expect(throws: AWSError.self) {
            try await service.executeChangeSet(name: "nothing", stackName: "cfn-change")
        }
        #expect(refused?.code == "InvalidChangeSetStatus")
        #expect(refused?.cloudFormationErrorCode == .invalidChangeSetStatus)

        try await service.deleteChangeSet(name: "nothing", stackName: "cfn-change")
        let gone = await #expect(throws: AWSError.self) {
            try await service.describeChangeSet(name: "nothing", stackName: "cfn-change")
        }
        #expect(gone?.operation == "DescribeChangeSet")
        #expect(gone?.code == "ChangeSetNotFound")
        #expect(gone?.cloudFormationErrorCode == .changeSetNotFound)
        #expect(gone?.isMissingChangeSet == true)
    }

    @Test("a modified resource in a change set: moto gives no Replacement, Scope or Details")
    func modifyChangeSet() async throws {
        let (service, _) = try cloudFormation()
        _ = try await create(service, "cfn-modify", template: Self.template("cfn-modify"))
        let renamed = Self.template("cfn-modify").replacingOccurrences(
            of: "AlarmName: cfn-modify-errors", with: "AlarmName: cfn-modify-failures")
        _ = try await service.createChangeSet(
            CreateChangeSetInput(
                stackName: "cfn-modify", changeSetName: "rename", changeSetType: .update, template: .body(renamed)))
        _ = try await Settled.changeSet(service, "rename", stack: "cfn-modify")
        let changes = try await service.changeSetChanges(name: "rename", stackName: "cfn-modify")
        let alarm = try #require(changes.first { $0.logicalResourceId == "Alarm" }, "\(changes)")
        #expect(alarm.resourceType == "AWS::CloudWatch::Alarm")
        #expect(alarm.action == .modify)
        withKnownIssue("moto: change set entries carry Action, LogicalResourceId and ResourceType only") {
            #expect(alarm.replacement == .true)
            #expect(alarm.physicalResourceId == "cfn-modify-errors")
            #expect(alarm.scope == ["Properties"])
            #expect(alarm.details.contains { $0.name == "AlarmName" && $0.requiresRecreation == "Always" })
        }
        try await service.deleteChangeSet(name: "rename", stackName: "cfn-modify")
    }

    @Test("a CREATE change set makes a REVIEW_IN_PROGRESS stack that executing creates")
    func createChangeSet() async throws {
        let (service, _) = try cloudFormation()
        _ = try await service.createChangeSet(
            CreateChangeSetInput(
                stackName: "cfn-new", changeSetName: "initial", changeSetType: .create,
                template: .body(Self.smallTemplate("cfn-new")), tags: [StackTag(key: "managed-by", value: "ballast")]))
        #expect(try await service.describeStack(name: "cfn-new")?.status == .reviewInProgress)
        #expect(try await Settled.changeSet(service, "initial", stack: "cfn-new").status == .createComplete)
        let changes = try await service.changeSetChanges(name: "initial", stackName: "cfn-new")
        #expect(changes.map(\.action) == [.add])
        #expect(changes.map(\.logicalResourceId) == ["Topic"])
        try await service.executeChangeSet(name: "initial", stackName: "cfn-new")
        #expect(try await settled(service, "cfn-new").status == .createComplete)
    }

    @Test("SetStackPolicy replaces the policy GetStackPolicy reads")
    func stackPolicy() async throws {
        let (service, _) = try cloudFormation()
        _ = try await create(service, "cfn-policy")
        #expect(try await service.getStackPolicy(name: "cfn-policy") == nil)
        let policy =
            #"{"Statement":[{"Effect":"Deny","Action":"Update:Replace","Principal":"*","Resource":"LogicalResourceId/Topic"}]}"#
        try await service.setStackPolicy(name: "cfn-policy", policyBody: policy)
        #expect(try await service.getStackPolicy(name: "cfn-policy") == policy)
    }

    @Test("termination protection: on, DeleteStack refused, off, DeleteStack deletes")
    func terminationProtection() async throws {
        let (service, _) = try cloudFormation()
        let id = try await create(service, "cfn-protect")
        // Ballast's emulator implements it (moto alone answered HTTP 500).
        #expect(try await service.updateTerminationProtection(name: "cfn-protect", enabled: true) == id)
        #expect(try await service.describeStack(name: "cfn-protect")?.terminationProtection == true)
        let refused = await #expect(throws: AWSError.self) {
            try await service.deleteStack(name: "cfn-protect")
        }
        #expect(refused?.code == "ValidationError")
        #expect(refused?.operation == "DeleteStack")
        #expect(try await service.describeStack(name: "cfn-protect") != nil)

        #expect(try await service.updateTerminationProtection(name: "cfn-protect", enabled: false) == id)
        #expect(try await service.describeStack(name: "cfn-protect")?.terminationProtection == false)
        try await service.deleteStack(name: "cfn-protect")
        #expect(try await Settled.stack(service, "cfn-protect") == nil)
    }

    @Test("DeleteStack deletes the stack and its resources; deleting a missing stack succeeds")
    func deleteStack() async throws {
        let (service, _) = try cloudFormation()
        _ = try await create(service, "cfn-delete", template: Self.template("cfn-delete"))
        try await service.deleteStack(name: "cfn-delete")
        for _ in 0..<50 {
            guard let stack = try await service.describeStack(name: "cfn-delete"), stack.status != .deleteComplete
            else {
                break
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(try await service.describeStack(name: "cfn-delete") == nil)
        #expect(try await service.listAllExports().allSatisfy { $0.name != "cfn-delete-topic-arn" })
        try await service.deleteStack(name: "cfn-never-existed")
    }

    @Test("ListExports names each exported output with its stack; a second page after 100 exports")
    func listExports() async throws {
        let (service, _) = try cloudFormation()
        let id = try await create(service, "cfn-export", template: Self.template("cfn-export"))
        let exports = try await service.listAllExports()
        let export = try #require(exports.first { $0.name == "cfn-export-topic-arn" })
        #expect(export.value == "arn:aws:sns:us-east-1:\(EmulatorAccount.accountId):cfn-export-topic")
        #expect(export.exportingStackId == id)

        // moto pages ListExports at 100 (AWS's page size is not documented).
        var many = Self.smallTemplate("cfn-many-exports") + "Outputs:\n"
        for index in 0..<120 {
            many += "  Out\(index):\n    Value: value-\(index)\n    Export:\n      Name: cfn-many-\(index)\n"
        }
        _ = try await create(service, "cfn-many-exports", template: many)
        let first = try await service.listExports()
        #expect(first.exports.count == 100)
        let token = try #require(first.nextToken)
        let second = try await service.listExports(nextToken: token)
        #expect(!second.exports.isEmpty)
        #expect(Set(first.exports.map(\.name)).isDisjoint(with: second.exports.map(\.name)))
        let all = try await service.listAllExports()
        #expect(Set(all.map(\.name)).isSuperset(of: (0..<120).map { "cfn-many-\($0)" }))
        #expect(all.count == Set(all.map(\.name)).count)
    }

    @Test("DescribeStacks pages at 50 stacks in moto; describeAllStacks follows every page")
    func describeStacksPagination() async throws {
        let (service, _) = try cloudFormation()
        let names = (0..<55).map { "cfn-page-\($0)" }
        for name in names {
            _ = try await service.createStack(CreateStackInput(name: name, template: .body(Self.smallTemplate(name))))
        }
        let first = try await service.describeStacks()
        #expect(first.stacks.count == 50)
        let token = try #require(first.nextToken)
        let second = try await service.describeStacks(nextToken: token)
        #expect(!second.stacks.isEmpty)
        #expect(Set(first.stacks.map(\.id)).isDisjoint(with: second.stacks.map(\.id)))
        let all = try await service.describeAllStacks()
        #expect(Set(all.map(\.name)).isSuperset(of: names))
        #expect(all.count == Set(all.map(\.id)).count)
    }

    @Test("events since a time: only those, on as few pages as reach back that far, newest first")
    func eventsSince() async throws {
        let emulator = try EmulatorPerSuite.emulator()
        let account = try EmulatorAccount(emulator)
        let requests = Protected([String]())
        var client = account.client
        client.onAttempt = { _, operation in requests.withLock { $0.append(operation) } }
        let service = try CloudFormation(
            configuration: account.configuration, region: "us-east-1", client: client,
            credentials: account.credentials, now: { Date() })
        // 70 topics: over 140 events, more than one page of 100.
        func template(_ topics: Int) -> String {
            "Resources:\n"
                + (0..<topics).map {
                    "  Topic\($0):\n    Type: AWS::SNS::Topic\n    Properties: { TopicName: cfn-since-\($0) }\n"
                }
                .joined()
        }
        _ = try await service.createStack(CreateStackInput(name: "cfn-since", template: .body(template(70))))
        _ = try await settled(service, "cfn-since")
        try await Task.sleep(for: .milliseconds(1100))
        let since = Date()
        _ = try await service.updateStack(UpdateStackInput(name: "cfn-since", template: .body(template(71))))
        _ = try await settled(service, "cfn-since")

        requests.withLock { $0.removeAll() }
        let all = try await service.describeAllStackEvents(name: "cfn-since")
        let pagesOfAll = requests.withLock { operations in operations.count }
        requests.withLock { $0.removeAll() }
        let recent = try await service.describeStackEvents(name: "cfn-since", since: since)
        let pagesOfRecent = requests.withLock { operations in operations.count }

        #expect(pagesOfAll >= 2, "the history must span pages for this test to mean anything: \(all.count) events")
        #expect(pagesOfRecent == 1, "\(pagesOfRecent) pages for \(recent.count) events")
        #expect(recent.map(\.eventId) == all.filter { $0.timestamp >= since }.map(\.eventId))
        #expect(
            recent.contains { $0.logicalResourceId == "cfn-since" && $0.resourceStatus.rawValue == "UPDATE_COMPLETE" })
        #expect(recent.contains { $0.logicalResourceId == "Topic70" })
    }
}

/// What moto does not exercise: pagination of `DescribeChangeSet` and `DescribeStackEvents`
/// (moto returns everything in one page), the full shape of an AWS change (moto gives only
/// action, logical id and type), request encoding, and malformed responses. Bodies are AWS's
/// documented shapes.
extension CloudFormationServiceTests {
    static let changeSetPage = Data(
        """
        <DescribeChangeSetResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
          <DescribeChangeSetResult>
            <ChangeSetName>rename</ChangeSetName>
            <ChangeSetId>arn:aws:cloudformation:eu-central-1:123456789012:changeSet/rename/1a2b</ChangeSetId>
            <StackId>arn:aws:cloudformation:eu-central-1:123456789012:stack/app/9z8y</StackId>
            <StackName>app</StackName>
            <Status>CREATE_COMPLETE</Status>
            <ExecutionStatus>AVAILABLE</ExecutionStatus>
            <Capabilities><member>CAPABILITY_NAMED_IAM</member></Capabilities>
            <CreationTime>2026-11-26T07:12:24.123Z</CreationTime>
            <Parameters><member><ParameterKey>Threshold</ParameterKey><ParameterValue>5</ParameterValue></member></Parameters>
            <Changes>
              <member>
                <Type>Resource</Type>
                <ResourceChange>
                  <Action>Modify</Action>
                  <LogicalResourceId>Alarm</LogicalResourceId>
                  <PhysicalResourceId>app-errors</PhysicalResourceId>
                  <ResourceType>AWS::CloudWatch::Alarm</ResourceType>
                  <Replacement>True</Replacement>
                  <Scope><member>Properties</member></Scope>
                  <Details>
                    <member>
                      <Target><Attribute>Properties</Attribute><Name>AlarmName</Name><RequiresRecreation>Always</RequiresRecreation></Target>
                      <Evaluation>Static</Evaluation>
                      <ChangeSource>DirectModification</ChangeSource>
                    </member>
                  </Details>
                </ResourceChange>
              </member>
            </Changes>
            <NextToken>page-2</NextToken>
          </DescribeChangeSetResult>
          <ResponseMetadata><RequestId>5ccc7dcd-744c-11e5-be70-1b08c228efb3</RequestId></ResponseMetadata>
        </DescribeChangeSetResponse>
        """.utf8)

    @Test("DescribeChangeSet: AWS's full change shape and NextToken, from a recorded body (moto does not paginate it)")
    func changeSetPageDecoding() throws {
        let changeSet = try QueryResponse.decode(ChangeSet.self, action: "DescribeChangeSet", from: Self.changeSetPage)
        #expect(changeSet.nextToken == "page-2")
        #expect(changeSet.capabilities == [.namedIAM])
        #expect(changeSet.parameters == [StackParameter(key: "Threshold", value: "5")])
        #expect(changeSet.creationTime == ISO8601Timestamp.parse("2026-11-26T07:12:24.123Z"))
        #expect(
            changeSet.changes == [
                ResourceChange(
                    action: .modify, logicalResourceId: "Alarm", physicalResourceId: "app-errors",
                    resourceType: "AWS::CloudWatch::Alarm", replacement: .true, scope: ["Properties"],
                    details: [
                        ResourceChangeDetail(
                            attribute: "Properties", name: "AlarmName", requiresRecreation: "Always",
                            evaluation: "Static", changeSource: "DirectModification")
                    ])
            ])
    }

    @Test("DescribeStackEvents: NextToken from a recorded body (moto does not paginate it)")
    func stackEventsPageDecoding() throws {
        let body = Data(
            """
            <DescribeStackEventsResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
              <DescribeStackEventsResult>
                <StackEvents>
                  <member>
                    <EventId>Topic-UPDATE_FAILED-2026-11-26T07:12:24.000Z</EventId>
                    <StackId>arn:aws:cloudformation:eu-central-1:123456789012:stack/app/9z8y</StackId>
                    <StackName>app</StackName>
                    <LogicalResourceId>Topic</LogicalResourceId>
                    <PhysicalResourceId/>
                    <ResourceType>AWS::SNS::Topic</ResourceType>
                    <Timestamp>2026-11-26T07:12:24Z</Timestamp>
                    <ResourceStatus>UPDATE_FAILED</ResourceStatus>
                    <ResourceStatusReason>Resource handler returned message: "Invalid parameter"</ResourceStatusReason>
                  </member>
                </StackEvents>
                <NextToken>older</NextToken>
              </DescribeStackEventsResult>
            </DescribeStackEventsResponse>
            """.utf8)
        let page = try QueryResponse.decode(DescribeStackEventsOutput.self, action: "DescribeStackEvents", from: body)
        #expect(page.nextToken == "older")
        let event = try #require(page.events.first)
        #expect(event.physicalResourceId == nil)
        #expect(event.resourceStatus.isFailure)
        #expect(event.resourceStatusReason == #"Resource handler returned message: "Invalid parameter""#)
        #expect(event.timestamp == ISO8601Timestamp.parse("2026-11-26T07:12:24Z"))
    }

    @Test("a stack without a StackName or with a bad timestamp is a ResponseDecodingError naming the path")
    func malformedStack() {
        let missingName = Data(
            """
            <DescribeStacksResponse><DescribeStacksResult><Stacks><member><StackId>id</StackId>
            <StackStatus>CREATE_COMPLETE</StackStatus><CreationTime>2026-11-26T07:12:24Z</CreationTime>
            </member></Stacks></DescribeStacksResult></DescribeStacksResponse>
            """.utf8)
        let error = #expect(throws: ResponseDecodingError.self) {
            try QueryResponse.decode(DescribeStacksOutput.self, action: "DescribeStacks", from: missingName)
        }
        #expect(error?.path == "member/StackName")
        let badTime = Data(
            """
            <DescribeStacksResponse><DescribeStacksResult><Stacks><member><StackId>id</StackId><StackName>a</StackName>
            <StackStatus>CREATE_COMPLETE</StackStatus><CreationTime>yesterday</CreationTime>
            </member></Stacks></DescribeStacksResult></DescribeStacksResponse>
            """.utf8)
        let timeError = #expect(throws: ResponseDecodingError.self) {
            try QueryResponse.decode(DescribeStacksOutput.self, action: "DescribeStacks", from: badTime)
        }
        #expect(timeError?.reason == "not an ISO 8601 timestamp")
        #expect(throws: ResponseDecodingError.self) {
            try QueryResponse.decode(DescribeStacksOutput.self, action: "DescribeStacks", from: Data("<html>".utf8))
        }
    }

    @Test("CreateStack, UpdateStack and CreateChangeSet flatten their members the way the AWS SDKs do")
    func requestEncoding() {
        let create = CreateStackInput(
            name: "app", template: .url("https://s3.amazonaws.com/b/t.yaml"),
            parameters: [StackParameter(key: "Threshold", value: "3")],
            tags: [StackTag(key: "managed-by", value: "ballast")],
            capabilities: [.iam, .autoExpand], stackPolicyBody: "{}", enableTerminationProtection: true)
        #expect(
            String(decoding: create.queryRequest.body, as: UTF8.self)
                == "Action=CreateStack&Version=2010-05-15&Capabilities.member.1=CAPABILITY_IAM"
                + "&Capabilities.member.2=CAPABILITY_AUTO_EXPAND&EnableTerminationProtection=true"
                + "&Parameters.member.1.ParameterKey=Threshold&Parameters.member.1.ParameterValue=3"
                + "&StackName=app&StackPolicyBody=%7B%7D&Tags.member.1.Key=managed-by&Tags.member.1.Value=ballast"
                + "&TemplateURL=https%3A%2F%2Fs3.amazonaws.com%2Fb%2Ft.yaml")

        let update = UpdateStackInput(name: "app", template: nil, parameters: [.previous("Threshold")], tags: [])
        #expect(
            String(decoding: update.queryRequest.body, as: UTF8.self)
                == "Action=UpdateStack&Version=2010-05-15&Parameters.member.1.ParameterKey=Threshold"
                + "&Parameters.member.1.UsePreviousValue=true&StackName=app&Tags=&UsePreviousTemplate=true")

        let changeSet = CreateChangeSetInput(
            stackName: "app", changeSetName: "c1", changeSetType: .create, template: .body("Resources: {}"))
        #expect(
            changeSet.queryRequest.fields.map(\.name) == [
                "Action", "Version", "ChangeSetName", "ChangeSetType", "StackName", "TemplateBody",
            ])
        #expect(changeSet.queryRequest.fields.first { $0.name == "ChangeSetType" }?.value == "CREATE")
    }
}

/// `text` as a Python string literal.
private func pythonLiteral(_ text: String) -> String {
    "'"
        + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
        .replacingOccurrences(of: "\n", with: "\\n") + "'"
}

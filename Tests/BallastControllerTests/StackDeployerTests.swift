import BallastAWS
import BallastController
import BallastModel
import BallastSynth
import BallastTestSupport
import Foundation
import Testing

/// `StackDeployer` in this process against the AWS emulator: one raw template of a small
/// desired state (`templates/bucket.yaml`, deployed as `<project>-dev-bucket`), synthesized as
/// the reconciler would and deployed through change sets.
@Suite("StackDeployer against the AWS emulator", .serialized, .emulatorPerSuite)
struct StackDeployerTests {
    /// A queue whose visibility timeout is `timeout`, with that value as an output (so an
    /// applied update shows in the stack), and a bucket named `bucket` when given.
    static func template(timeout: Int, bucket: String? = nil) -> String {
        """
        AWSTemplateFormatVersion: "2010-09-09"
        Parameters:
          Project: { Type: String }
        Resources:
          Queue:
            Type: AWS::SQS::Queue
            Properties:
              VisibilityTimeout: \(timeout)
              Tags:
                - { Key: project, Value: !Ref Project }
        \(bucket.map { "  Bucket:\n    Type: AWS::S3::Bucket\n    Properties: { BucketName: \($0) }\n" } ?? "")\
        Outputs:
          Timeout:
            Value: "\(timeout)"
        """
    }

    /// The stage with only the template (no handler), and a deployer of its region.
    static func stage(_ project: String) async throws -> (EmulatorStage, StackDeployer) {
        let stage = try await EmulatorStage(
            project: project, withFunction: false, templates: ["bucket": template(timeout: 30)])
        let clients = try stage.clients()
        return (
            stage,
            StackDeployer(
                cloudFormation: clients.cloudFormation,
                templates: TemplateBucket(s3: clients.s3, sts: clients.sts, region: "us-east-1"),
                log: EmulatorStage.log)
        )
    }

    /// The template's stack, synthesized from the folder as it is now.
    static func synthesized(_ stage: EmulatorStage) throws -> SynthesizedStack {
        let (state, desiredStage) = try stage.desired()
        let assembly = try Synthesizer.synthesize(state, stage: desiredStage)
        return try #require(assembly.stacks.first { $0.name == "\(stage.project)-dev-bucket" })
    }

    @Test("a new stack is created from its template, with the stage's parameters and tags")
    func create() async throws {
        let (stage, deployer) = try await Self.stage("deploy-create")
        let outcome = try await deployer.deploy(try Self.synthesized(stage), tags: ["stage": "dev"])
        #expect(outcome == .deployed(status: "CREATE_COMPLETE"))
        let stack = try #require(
            try await stage.clients().cloudFormation.describeStack(name: "deploy-create-dev-bucket"))
        #expect(stack.status == .createComplete)
        #expect(stack.outputValues["Timeout"] == "30")
        #expect(stack.parameterValues["Project"] == "deploy-create")
        #expect(stack.tagValues["stage"] == "dev")
    }

    @Test("a changed template updates the stack; the same template again executes no change set")
    func updateThenNoChange() async throws {
        let (stage, deployer) = try await Self.stage("deploy-update")
        let cloudFormation = try stage.clients().cloudFormation
        let name = "deploy-update-dev-bucket"
        _ = try await deployer.deploy(try Self.synthesized(stage), tags: [:])
        try stage.writeTemplate("bucket", Self.template(timeout: 60))
        let changed = try Self.synthesized(stage)

        #expect(try await deployer.deploy(changed, tags: [:]) == .deployed(status: "UPDATE_COMPLETE"))
        let updated = try #require(try await cloudFormation.describeStack(name: name))
        #expect(updated.outputValues["Timeout"] == "60")
        let events = try await cloudFormation.describeAllStackEvents(name: name).count

        #expect(try await deployer.deploy(changed, tags: [:]) == .unchanged)
        let after = try #require(try await cloudFormation.describeStack(name: name))
        #expect(after.status == .updateComplete)
        #expect(after.lastUpdatedTime == updated.lastUpdatedTime, "no update ran")
        #expect(try await cloudFormation.describeAllStackEvents(name: name).count == events, "no stack event")
        // AWS removes a stack's change sets once one is executed; the emulator keeps the
        // executed one listed. Either way the empty one is deleted, not left available.
        let left = try await cloudFormation.listAllChangeSets(stackName: name)
        #expect(left.allSatisfy { $0.executionStatus == .executeComplete }, "the empty change set is deleted: \(left)")
    }

    @Test(
        "an update whose new bucket S3 refuses fails naming the stack, how its update ended and the resource with AWS's reason; the stack is left settled and deploys again once fixed"
    )
    func failingUpdate() async throws {
        let (stage, deployer) = try await Self.stage("deploy-fail")
        let cloudFormation = try stage.clients().cloudFormation
        let name = "deploy-fail-dev-bucket"
        _ = try await deployer.deploy(try Self.synthesized(stage), tags: [:])
        // Bucket names are at most 63 characters: S3 (and the emulator) refuse this new one.
        try stage.writeTemplate("bucket", Self.template(timeout: 45, bucket: String(repeating: "b", count: 70)))

        let error = try await #require(throws: DeployError.self) {
            try await deployer.deploy(try Self.synthesized(stage), tags: [:])
        }
        guard case .operationFailed(let stack, let status, let firstFailure, _) = error else {
            Issue.record("not an operation failure: \(error)")
            return
        }
        #expect(stack == name)
        #expect(status == "UPDATE_ROLLBACK_COMPLETE")
        #expect(firstFailure == "Bucket (AWS::S3::Bucket): The specified bucket is not valid.", "\(error)")
        let settled = try #require(try await cloudFormation.describeStack(name: name))
        #expect(settled.status == .updateRollbackComplete)
        #expect(settled.outputValues["Timeout"] == "30", "rolled back to the template before")

        try stage.writeTemplate("bucket", Self.template(timeout: 60))
        #expect(
            try await deployer.deploy(try Self.synthesized(stage), tags: [:]) == .deployed(status: "UPDATE_COMPLETE"))
    }
}

import BallastPlan
import Testing

@Suite("waiting for a stack")
struct StackWaitTests {
    @Test("pauses grow by half each time, up to the maximum")
    func backoff() {
        let wait = StackWait(firstDelay: .milliseconds(200), maximumDelay: .seconds(5), bound: .seconds(60))
        #expect(wait.delay(afterPolls: 0) == .milliseconds(200))
        #expect(wait.delay(afterPolls: 1) == .milliseconds(300))
        #expect(wait.delay(afterPolls: 2) == .milliseconds(450))
        #expect(wait.delay(afterPolls: 20) == .seconds(5))
    }

    @Test("the bound grows with the stack's resources, more for a database than a subnet")
    func bound() {
        #expect(StackWait.bound(resourceTypes: []) == .seconds(600))
        #expect(StackWait.bound(resourceTypes: ["AWS::EC2::Subnet", "AWS::EC2::Subnet"]) == .seconds(600 + 240))
        #expect(StackWait.bound(resourceTypes: ["AWS::RDS::DBInstance"]) == .seconds(600 + 5400))
    }
}

@Suite("stack progress from its events")
struct StackProgressTests {
    typealias Event = StackProgress.Event

    /// Newest first, as DescribeStackEvents gives them.
    let events = [
        Event(logicalResourceId: "Function", resourceType: "AWS::Lambda::Function", status: "UPDATE_IN_PROGRESS"),
        Event(logicalResourceId: "Role", resourceType: "AWS::IAM::Role", status: "UPDATE_COMPLETE"),
        Event(logicalResourceId: "Queue", resourceType: "AWS::SQS::Queue", status: "UPDATE_IN_PROGRESS"),
        Event(logicalResourceId: "Role", resourceType: "AWS::IAM::Role", status: "UPDATE_IN_PROGRESS"),
        Event(
            logicalResourceId: "shop-dev-compute", resourceType: "AWS::CloudFormation::Stack",
            status: "UPDATE_IN_PROGRESS"),
    ]

    @Test("the resources still in progress are those whose latest event is in progress, oldest first")
    func inProgress() {
        #expect(StackProgress.inProgress(events).map(\.logicalResourceId) == ["Queue", "Function"])
    }

    @Test("an UPDATE_ROLLBACK_FAILED stack names the resource to skip with ContinueUpdateRollback")
    func remedy() {
        let failed = [
            Event(logicalResourceId: "Bucket", resourceType: "AWS::S3::Bucket", status: "UPDATE_FAILED", reason: "no"),
            Event(logicalResourceId: "Bucket", resourceType: "AWS::S3::Bucket", status: "UPDATE_IN_PROGRESS"),
            Event(logicalResourceId: "Topic", resourceType: "AWS::SNS::Topic", status: "UPDATE_COMPLETE"),
        ]
        #expect(StackProgress.failed(failed).map(\.logicalResourceId) == ["Bucket"])
        let remedy = StackProgress.remedy(
            stack: "s", status: "UPDATE_ROLLBACK_FAILED", failed: StackProgress.failed(failed))
        #expect(remedy?.contains("ContinueUpdateRollback") == true)
        #expect(remedy?.contains("continue-update-rollback --stack-name s --resources-to-skip Bucket") == true)
        #expect(StackProgress.remedy(stack: "s", status: "UPDATE_ROLLBACK_COMPLETE", failed: []) == nil)
    }
}

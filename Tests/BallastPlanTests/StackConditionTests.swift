import BallastPlan
import Testing

@Suite("stack conditions")
struct StackConditionTests {
    @Test(
        "each CloudFormation status maps to what the next deploy may do",
        arguments: [
            (nil, StackCondition.absent), ("DELETE_COMPLETE", .absent), ("CREATE_COMPLETE", .ready),
            ("UPDATE_ROLLBACK_COMPLETE", .ready), ("ROLLBACK_COMPLETE", .failedCreate),
            ("UPDATE_IN_PROGRESS", .busy), ("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", .busy),
            ("CREATE_IN_PROGRESS", .busy), ("UPDATE_ROLLBACK_FAILED", .stuck("UPDATE_ROLLBACK_FAILED")),
            ("DELETE_FAILED", .stuck("DELETE_FAILED")), ("SOMETHING_NEW", .stuck("SOMETHING_NEW")),
            ("REVIEW_IN_PROGRESS", .inReview),
        ] as [(String?, StackCondition)])
    func condition(status: String?, expected: StackCondition) {
        #expect(StackCondition.of(status: status) == expected)
    }

    @Test("terminal and successful statuses")
    func terminal() {
        #expect(!StackCondition.isTerminal("UPDATE_ROLLBACK_IN_PROGRESS"))
        #expect(StackCondition.isTerminal("UPDATE_ROLLBACK_COMPLETE"))
        // A create change set never executed: nothing will move it on but a deploy.
        #expect(StackCondition.isTerminal("REVIEW_IN_PROGRESS"))
        #expect(!StackCondition.succeeded("UPDATE_ROLLBACK_COMPLETE"))
        #expect(StackCondition.succeeded("UPDATE_COMPLETE"))
    }
}

import BallastController
import Testing

/// The controller's typed errors say, in one line, what the nested `Failure { message }` types
/// they replaced said: notes, statuses and tests read these words.
@Suite("typed errors of deploys, rollouts and passes")
struct TypedErrorTests {
    @Test("a deploy error names its stack first, then why")
    func deploy() {
        #expect(
            DeployError.changeSetFailed(stack: "shop-dev-data", reason: "Template format error").description
                == "shop-dev-data: change set failed: Template format error")
        #expect(
            DeployError.operationFailed(
                stack: "s", status: "UPDATE_ROLLBACK_COMPLETE", firstFailure: "Db (AWS::RDS::DBInstance): quota",
                remedy: nil
            ).description == "s: ended UPDATE_ROLLBACK_COMPLETE; first failure: Db (AWS::RDS::DBInstance): quota")
        #expect(
            DeployError.timedOut(stack: "s", status: "UPDATE_IN_PROGRESS", bound: .seconds(900), inProgress: [])
                .description
                == "s: still UPDATE_IN_PROGRESS after 900.0 seconds, the bound for this stack; still in progress: no resource reported"
        )
        #expect(
            DeployError.needsHuman(
                stack: "s", status: "UPDATE_ROLLBACK_FAILED", blocking: ["Fn: denied", "Role: gone"],
                remedy: "run continue-update-rollback"
            ).description
                == "s: is UPDATE_ROLLBACK_FAILED and needs a human; Ballast does not touch it (blocking: Fn: denied; Role: gone); run continue-update-rollback"
        )
        #expect(DeployError.changeSetVanished(stack: "s", changeSet: "c", attempts: 3).stack == "s")
    }

    @Test("a rollout error names its function; a pass's names its stage and keeps the deploy's cause")
    func rolloutAndPass() {
        #expect(
            RolloutError.noLiveAlias(function: "shop-dev-orders").description
                == "shop-dev-orders: has no alias live to roll out through")
        #expect(RolloutError.lastUpdateFailed(function: "f").function == "f")
        let cause = DeployError.changeSetFailed(stack: "shop-dev-data", reason: "bad")
        let pass = ReconcileError.deployFailed(stage: "dev", cause: cause)
        #expect(
            pass.description
                == "stage dev: shop-dev-data: change set failed: bad; later stacks of this stage were not deployed")
        #expect(pass.awsError == nil)
        #expect(
            ReconcileError.refused(stage: "prod", refusals: ["replaces database Db", "deletes bucket B"]).description
                == "stage prod: refused, nothing applied:\n  replaces database Db\n  deletes bucket B")
    }
}

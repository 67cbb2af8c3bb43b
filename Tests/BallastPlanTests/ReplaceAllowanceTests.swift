import BallastModel
import BallastPlan
import Testing

/// `--allow-replace NAME` must name a database: one of the desired state, or one a plan would
/// delete. Anything else (a typo) allows nothing and is refused, with the databases that exist.
@Suite("--allow-replace names")
struct ReplaceAllowanceTests {
    @Test("a desired database needs no plan; any other name is refused with the databases that exist")
    func unknownNameIsRefused() throws {
        let files = try StageDiffTests.exampleFiles()
        let state = try DesiredStateLoader.load(DesiredTree(files: files))
        #expect(ReplaceAllowance.undeclared(["main"], in: state) == [])
        #expect(ReplaceAllowance.undeclared(["mian", "main"], in: state) == ["mian"])
        let plan = try StagePlanTests.plan(files: files, live: try StageDiffTests.live(try StageDiffTests.prod(files)))
        #expect(ReplaceAllowance.refusal(["main"], state: state, plans: [plan]) == nil)
        #expect(
            ReplaceAllowance.refusal(["mian", "main", "orders"], state: state, plans: [plan])
                == "--allow-replace 'mian', 'orders' names no database (databases: main); nothing was applied")
    }

    @Test("a database removed from desired/ may be named while a plan deletes it")
    func databaseBeingDeleted() throws {
        let files = try StageDiffTests.exampleFiles()
        let live = try StageDiffTests.live(try StageDiffTests.prod(files))
        var without = files
        without["databases/main.yaml"] = nil
        for (path, text) in without where path.hasPrefix("functions/") {
            without[path] = text.split(separator: "\n", omittingEmptySubsequences: false)
                .filter { !$0.hasPrefix("database:") }.joined(separator: "\n")
        }
        let state = try DesiredStateLoader.load(DesiredTree(files: without))
        let plan = try StagePlanTests.plan(files: without, live: live)
        #expect(ReplaceAllowance.undeclared(["main"], in: state) == ["main"])
        #expect(ReplaceAllowance.refusal(["main"], state: state, plans: [plan]) == nil)
        #expect(
            ReplaceAllowance.refusal(["primary"], state: state, plans: [plan])
                == "--allow-replace 'primary' names no database (databases: main); nothing was applied")
    }
}

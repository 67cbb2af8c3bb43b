import BallastPlan
import Foundation
import Testing

/// The pure parts of plan previews on pull requests: which pull requests are previewed, the
/// comment's marker and body, GitHub's pages.
@Suite("plan previews on pull requests")
struct PullRequestPreviewTests {
    static let head = String(repeating: "a", count: 40)
    static let newer = String(repeating: "b", count: 40)

    static func pull(_ number: Int, base: String = "dev", head: String = head, from: String? = "acme/shop")
        -> PullRequest
    {
        PullRequest(number: number, headSHA: head, headRepository: from, baseBranch: base, baseRepository: "acme/shop")
    }

    @Test("only pull requests onto a stage's branch, forks set apart, those commented at their head left alone")
    func selection() {
        let pulls = [
            Self.pull(1), Self.pull(2, base: "feature"), Self.pull(3, from: "mallory/shop"), Self.pull(4, from: nil),
            Self.pull(5, head: Self.newer), Self.pull(6, base: "main"), Self.pull(1),
        ]
        let selection = PreviewSelection.choose(
            pulls, branches: ["dev", "main"], commented: [1: Self.head, 5: Self.head], allowForks: false)
        #expect(selection.preview.map(\.number) == [5, 6])
        #expect(selection.forks.map(\.number) == [3, 4])
        #expect(selection.current.map(\.number) == [1])
        let withForks = PreviewSelection.choose(pulls, branches: ["dev"], commented: [:], allowForks: true)
        #expect(withForks.preview.map(\.number) == [1, 3, 4, 5])
        #expect(withForks.forks.isEmpty)
    }

    @Test("a fork is a head in another repository, compared without case")
    func forks() {
        #expect(!Self.pull(1, from: "ACME/Shop").isFork)
        #expect(Self.pull(1, from: "acme/shop-fork").isFork)
        #expect(Self.pull(1, from: nil).isFork)
    }

    @Test("the marker names the project and the head; only Ballast's own comment for the project is found")
    func marker() {
        let body = PreviewComment.invalid(["x"], project: "shop", head: Self.head)
        #expect(body.hasPrefix("<!-- ballast:plan shop head=\(Self.head) -->\n"))
        #expect(PreviewComment.isOwn(body, project: "shop"))
        #expect(PreviewComment.head(in: body, project: "shop") == Self.head)
        #expect(!PreviewComment.isOwn(body, project: "shopping"))
        #expect(PreviewComment.head(in: body, project: "other") == nil)
        #expect(PreviewComment.head(in: "LGTM <!-- ballast:plan shop head=\(Self.head) -->", project: "shop") == nil)
        #expect(PreviewComment.head(in: "<!-- ballast:plan shop head=zz -->", project: "shop") == nil)
    }

    @Test("the invalid comment lists every error escaped, and stays within the limit with a note of the cut")
    func invalid() {
        let errors = ["desired/functions/orders.yaml:3:5: 'memoryMiB' must be 128 to 10240, found <script>"]
        let body = PreviewComment.invalid(errors, project: "shop", head: Self.head)
        #expect(body.contains("does not validate"))
        #expect(
            body.contains(
                "- desired\\/functions\\/orders\\.yaml\\:3\\:5\\: \\'memoryMiB\\' must be 128 to 10240\\, found &lt;script&gt;"
            ), "\(body)")
        #expect(!body.contains("<script"))
        let many = (1...2000).map { "desired/functions/f\($0).yaml:1:1: unknown key 'x'" }
        let cut = PreviewComment.invalid(many, project: "shop", head: Self.head, limit: 4000)
        #expect(cut.utf8.count <= 4000)
        #expect(cut.contains("more errors cut"))
    }

    @Test("the plan comment: the marker, the head, then the markdown plan, all within the limit")
    func plan() throws {
        let plans = [try PlanMarkdownTests.plan(PlanMarkdownTests.mixed)]
        let body = PreviewComment.plan(plans, project: "shop", head: Self.head, base: "main")
        #expect(body.hasPrefix(PreviewComment.marker(project: "shop", head: Self.head) + "\n"))
        #expect(body.contains("Plan of `aaaaaaaaaaaa` against live AWS"))
        #expect(body.contains("**Ballast Plan: 0 to add, 1 to change, 1 to replace, 1 to delete"))
        let small = PreviewComment.plan(plans, project: "shop", head: Self.head, base: "main", limit: 600)
        #expect(small.utf8.count <= 600, "\(small.utf8.count)")
        let none = PreviewComment.plan([], project: "shop", head: Self.head, base: "topic")
        #expect(none.contains("No stage of the desired state"))
    }

    @Test("GitHub's Link header: the next page, or nil on the last")
    func link() {
        let both =
            #"<https://api.github.com/repositories/1/pulls?page=2>; rel="next", <https://api.github.com/repositories/1/pulls?page=5>; rel="last""#
        #expect(LinkHeader.next(both) == "https://api.github.com/repositories/1/pulls?page=2")
        #expect(LinkHeader.next(#"<https://x/pulls?page=1>; rel="prev", <https://x/pulls?page=1>; rel="first""#) == nil)
        #expect(LinkHeader.next(nil) == nil)
        #expect(LinkHeader.next("garbage") == nil)
    }

    @Test("a page of pull requests is read from GitHub's JSON; anything else is a clear error")
    func page() throws {
        let json = """
            [{"number": 7, "title": "t", "head": {"ref": "topic", "sha": "\(Self.head)", "repo": {"full_name": "acme/shop"}},
              "base": {"ref": "dev", "sha": "\(Self.newer)", "repo": {"full_name": "acme/shop"}}},
             {"number": 8, "head": {"ref": "x", "sha": "\(Self.newer)", "repo": null},
              "base": {"ref": "main", "sha": "\(Self.newer)", "repo": {"full_name": "acme/shop"}}}]
            """
        let pulls = try PullRequest.page(from: Data(json.utf8))
        #expect(pulls == [Self.pull(7), Self.pull(8, base: "main", head: Self.newer, from: nil)])
        #expect(throws: PullRequest.DecodingFailure.self) { try PullRequest.page(from: Data("{}".utf8)) }
    }
}

import Foundation

/// An approval of a commit for a stage: `ballast approve` records it as a note under
/// `refs/notes/ballast-approvals`, so approvals live in Git next to the commit they approve.
public struct Approval: Sendable, Hashable {
    /// The stage the commit may be applied to.
    public var stage: String
    /// Who approved (a name or e-mail address).
    public var approver: String
    /// When.
    public var time: Date
    /// The digest of the plan approved (`PlanDigest`); nil in approvals older than plan-bound
    /// ones, which approve no plan.
    public var plan: String?
    /// The application of a controller's `applications:` list the approval is for; nil
    /// (`ballast approve` without `--application`) approves the stage of any application
    /// watching the repository, as the single form always did.
    public var application: String?

    /// An approval.
    public init(stage: String, approver: String, time: Date, plan: String? = nil, application: String? = nil) {
        self.application = application
        self.stage = stage
        self.approver = approver
        self.time = time
        self.plan = plan
    }

    /// The note line: `approved [application=shop ]stage=prod by=alice@example.com
    /// plan=0123456789abcdef at=2025-01-02T03:04:05Z`.
    var line: String {
        "approved \(application.map { "application=\($0) " } ?? "")stage=\(stage) by=\(approver)\(plan.map { " plan=\($0)" } ?? "") at=\(Self.timeFormat.format(time))"
    }

    /// Parses a note line; nil for any other line.
    init?(line: some StringProtocol) {
        let fields = line.split(separator: " ")
        guard fields.first == "approved" else { return nil }
        var values: [String: String] = [:]
        for field in fields.dropFirst() {
            guard let equals = field.firstIndex(of: "=") else { return nil }
            values[String(field[..<equals])] = String(field[field.index(after: equals)...])
        }
        guard let stage = values["stage"], let approver = values["by"], let text = values["at"],
            let time = try? Self.timeFormat.parse(text)
        else { return nil }
        self.init(
            stage: stage, approver: approver, time: time, plan: values["plan"], application: values["application"])
    }

    /// Whether this approval lets `stage` of `application` apply: the stage matches, and the
    /// approval names that application or none.
    public func approves(stage: String, application: String?) -> Bool {
        self.stage == stage && (self.application == nil || self.application == application)
    }

    private static let timeFormat = Date.ISO8601FormatStyle(timeZone: .gmt)
}

extension GitRepository {
    /// The approvals recorded on `commit`.
    public func approvals(of commit: CommitID) throws(GitError) -> [Approval] {
        guard let text = try note(on: commit, ref: .approvals) else { return [] }
        return text.split(whereSeparator: \.isNewline).compactMap { Approval(line: $0) }
    }

    /// Records `approval` on `commit` (kept with the approvals already there; the same stage,
    /// approver and plan twice is recorded once), locally; push with `pushNotes(.approvals)`.
    public func approve(_ commit: CommitID, _ approval: Approval) throws(GitError) {
        guard !approval.stage.contains(where: \.isWhitespace), !approval.approver.contains(where: \.isWhitespace),
            !approval.stage.isEmpty, !approval.approver.isEmpty,
            approval.application.map({ !$0.isEmpty && !$0.contains(where: \.isWhitespace) }) ?? true,
            approval.plan.map({ !$0.isEmpty && !$0.contains(where: \.isWhitespace) }) ?? true
        else {
            throw GitError.invalidConfiguration(
                "a stage, approver, plan or application cannot be empty or contain spaces")
        }
        var existing = try approvals(of: commit)
        guard
            !existing.contains(where: {
                $0.stage == approval.stage && $0.approver == approval.approver && $0.plan == approval.plan
                    && $0.application == approval.application
            })
        else {
            return
        }
        existing.append(approval)
        let text = existing.map(\.line).joined(separator: "\n") + "\n"
        try writeNote(
            text, on: commit, ref: .approvals, by: GitIdentity(name: approval.approver, email: approval.approver))
    }
}

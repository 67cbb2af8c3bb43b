import BallastGit
import BallastPlan
import Foundation
import Testing

@testable import BallastController

@Suite("the status note's lines, and the last applied commit read back from them")
struct StatusNoteTests {
    static let first = CommitID(hex: "1111111111111111111111111111111111111111")!
    static let second = CommitID(hex: "2222222222222222222222222222222222222222")!
    static let third = CommitID(hex: "3333333333333333333333333333333333333333")!

    static func status(_ stage: String, _ phase: StageStatus.Phase, at seconds: TimeInterval) -> StageStatus {
        StageStatus(
            stage: stage, phase: phase, reason: nil,
            message: "applied=yes stage=x time=2099-01-01T00:00:00Z (words of a message)",
            revision: nil, time: Date(timeIntervalSince1970: seconds))
    }

    @Test("one line per stage; only a line written after applying says applied=yes")
    func lines() {
        let planned = StatusNote.merge(nil, with: Self.status("prod", .progressing, at: 0), applied: false)
        #expect(planned.hasPrefix("stage=prod phase=progressing time=1970-01-01T00:00:00Z "))
        let both = StatusNote.merge(planned, with: Self.status("dev", .synced, at: 60), applied: true)
        let applied = StatusNote.merge(both, with: Self.status("prod", .synced, at: 120), applied: true)
        #expect(
            applied.split(separator: "\n").map { $0.split(separator: " ").prefix(4).joined(separator: " ") } == [
                "stage=dev phase=synced applied=yes time=1970-01-01T00:01:00Z",
                "stage=prod phase=synced applied=yes time=1970-01-01T00:02:00Z",
            ])
    }

    @Test("the last applied commit of a stage is the newest applied line's, whatever the notes' order")
    func lastApplied() {
        let notes = [
            GitNote(
                commit: Self.third,
                text: StatusNote.merge(nil, with: Self.status("dev", .failed, at: 300), applied: false)),
            GitNote(
                commit: Self.second,
                text: StatusNote.merge(
                    StatusNote.merge(nil, with: Self.status("dev", .synced, at: 200), applied: true),
                    with: Self.status("prod", .synced, at: 100), applied: true)),
            GitNote(
                commit: Self.first,
                text: StatusNote.merge(nil, with: Self.status("prod", .progressing, at: 50), applied: true)),
        ]
        #expect(StatusNote.lastApplied(stage: "dev", in: notes) == Self.second)
        #expect(StatusNote.lastApplied(stage: "prod", in: notes) == Self.second)
        #expect(StatusNote.lastApplied(stage: "staging", in: notes) == nil)
        // The words of a message do not count (the failed line on the third commit has
        // applied=yes and a later time in its message): only the line's own fields do.
        #expect(StatusNote.lastApplied(stage: "x", in: notes) == nil)
        #expect(StatusNote.lastApplied(stage: "dev", in: Array(notes.reversed())) == Self.second)
    }

    @Test("with an applications: list each line names its application; lines of another application are kept apart")
    func applications() {
        let shop = StatusNote.merge(nil, with: Self.status("prod", .synced, at: 0), applied: true, application: "shop")
        #expect(shop.hasPrefix("application=shop stage=prod phase=synced applied=yes time=1970-01-01T00:00:00Z "))
        let both = StatusNote.merge(
            shop, with: Self.status("prod", .failed, at: 60), applied: false, application: "billing")
        #expect(both.split(separator: "\n").count == 2, "\(both)")
        let notes = [GitNote(commit: Self.first, text: both)]
        #expect(StatusNote.lastApplied(stage: "prod", application: "shop", in: notes) == Self.first)
        #expect(StatusNote.lastApplied(stage: "prod", application: "billing", in: notes) == nil)
        // The single form reads only its own lines.
        #expect(StatusNote.lastApplied(stage: "prod", in: notes) == nil)
    }
}

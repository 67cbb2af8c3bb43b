import BallastPlan
import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite("status badge")
struct BadgeTests {
    static func status(_ phase: StageStatus.Phase, rollouts: [StageStatus.RolloutStatus] = []) -> StageStatus {
        StageStatus(stage: "prod", phase: phase, time: Date(timeIntervalSince1970: 0), rollouts: rollouts)
    }

    @Test("the message follows the phase, with the weight while rolling out")
    func messages() {
        #expect(Self.status(.synced).badgeMessage == "synced")
        #expect(Self.status(.failed).badgeMessage == "failed")
        let rolling = Self.status(
            .progressing, rollouts: [.init(function: "orders", from: "3", to: "4", weight: 10, phase: "progressing")])
        #expect(rolling.badgeMessage == "rolling out 10%")
        #expect(Self.status(.progressing).badgeMessage == "deploying")
    }

    @Test("the SVG parses as XML, carries both texts and the phase's colour, and widens with the text")
    func svg() throws {
        for phase in [StageStatus.Phase.synced, .progressing, .failed, .unknown, .awaitingApproval] {
            let svg = Badge.svg(for: Self.status(phase))
            let parser = XMLParser(data: Data(svg.utf8))
            #expect(parser.parse(), "\(phase): \(parser.parserError.map(String.init(describing:)) ?? "")")
            #expect(svg.contains("<title>prod: \(Self.status(phase).badgeMessage)</title>"))
            #expect(svg.contains("fill=\"\(Badge.color(for: phase))\""))
        }
        #expect(Badge.textWidth("rolling out 10%") > Badge.textWidth("synced"))
        #expect(Badge.textWidth("mm") > Badge.textWidth("ii"))
        // shields.io renders "synced" 37 px wide in Verdana 11 (6 glyphs: s y n c e d).
        #expect(abs(Badge.textWidth("synced") - 38.0) < 2)
        let escaped = Badge.svg(label: "a<b", message: "x&y", color: "#4c1")
        #expect(escaped.contains("a&lt;b") && escaped.contains("x&amp;y"))
    }
}

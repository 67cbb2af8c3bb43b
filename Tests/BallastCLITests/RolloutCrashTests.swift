import BallastTestSupport
import Foundation
import Testing

/// Crash safety of rollouts (issue 8), against the emulator: `ballast reconcile --wait` killed
/// with SIGKILL at seeded random moments of a canary and started again, and two reconcilers on
/// one canary at once. Everything is judged from Lambda itself (the alias `live`, the versions
/// and their CodeSha256, the `ballast:rollout` tag), read after every kill and watched
/// throughout by `Tests/Support/rollout_watch.py`.
///
/// `BALLAST_CRASH_KILLS` (default 20) sets how many kills, `BALLAST_CRASH_SEED` repeats a run
/// (the seed is printed), `BALLAST_RACE_ROUNDS` (default 3) how many two-reconciler rounds.
@Suite("rollouts survive SIGKILL and a second reconciler", .serialized)
final class RolloutCrashTests {
    let fixture: RolloutFixture
    static let function = "shop-dev-orders"
    /// The canary's bake as it is held: the fixture's `bake: 2s`, and nobody invokes the new
    /// version, so the step is extended to `RolloutStep.noTrafficBound` (3) times its length
    /// before it proceeds (`onNoTraffic: proceed`).
    static let heldBake: TimeInterval = 2 * 3
    /// The longest a started `ballast reconcile` may take to reach its first rollout step
    /// (reading the desired state, planning, the compute stack's change set) on a loaded
    /// 2-core machine; about 1.5 s when idle.
    static let startAllowance: TimeInterval = 5

    init() throws {
        fixture = try RolloutFixture()
    }

    static func setting(_ name: String, default value: Int) -> Int {
        ProcessInfo.processInfo.environment[name].flatMap(Int.init) ?? value
    }

    func world() throws -> RolloutWorld {
        try RolloutWorld.snapshot(endpoint: fixture.emulator.url, function: Self.function, image: "orders:dev")
    }

    /// What a kill interrupted, judged from Lambda right after it.
    enum Interrupted: String, CaseIterable, Comparable {
        case beforePublish = "before publish"
        case publishedNotShifted = "between publish and the first shift"
        case midBake = "mid-bake"
        case duringPromotion = "during promotion (bake over or record succeeded, alias not yet moved)"
        case afterPromotion = "after promotion"

        static func < (lhs: Self, rhs: Self) -> Bool {
            allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
        }

        static func of(_ world: RolloutWorld, image: String) -> Self {
            guard let new = world.versions(running: image).first else { return .beforePublish }
            if world.allTraffic(on: new) { return .afterPromotion }
            guard world.weights[new] != nil else { return .publishedNotShifted }
            if world.record?.phase == "succeeded" { return .duringPromotion }
            if let started = world.record?.stepStartedAt, world.time >= started + RolloutCrashTests.heldBake {
                return .duringPromotion
            }
            return .midBake
        }
    }

    /// Which moment a kill aims at; the delay is drawn from the seeded generator over the window
    /// where that moment is expected (measured idle on the emulator: the compute stack updated
    /// and version published ≈ 0.3 s after the start, the first shift ≈ 0.4 s, the promotion a
    /// held bake later; a start that resumes spends ≈ 0.5 s planning before its first step).
    /// What a kill really interrupted is judged afterwards (`Interrupted`) and printed.
    enum KillTarget: CaseIterable {
        case beforePublish, publishToShift, midBake, promotion

        func delay(after latest: RolloutWorld, image: String, random: inout SeededGenerator) -> TimeInterval {
            var bakeLeft: TimeInterval?
            if let new = latest.versions(running: image).first, latest.weights[new] != nil,
                latest.record?.phase == "progressing", let started = latest.record?.stepStartedAt
            {
                bakeLeft = started.addingTimeInterval(RolloutCrashTests.heldBake).timeIntervalSinceNow
            }
            switch self {
            case .beforePublish:
                return .random(in: 0..<0.35, using: &random)
            case .publishToShift:
                return .random(in: 0.25..<0.6, using: &random)
            case .midBake:
                if let bakeLeft, bakeLeft > 1.5 { return .random(in: 0.6..<(bakeLeft - 0.3), using: &random) }
                return .random(in: 0.6..<5, using: &random)
            case .promotion:
                if let bakeLeft { return max(bakeLeft, 0.6) + .random(in: 0..<0.3, using: &random) }
                return .random(in: 0..<5, using: &random)
            }
        }
    }

    /// What happened in one rollout.
    struct Round {
        var kills: [(delay: TimeInterval, interrupted: Interrupted)] = []
        var starts: [Date] = []
        var conflicts = 0
    }

    @Test(
        "SIGKILL at random moments of a canary, started again each time: it ends promoted, live never strays, one version per image, the bake resumes from the tag"
    )
    func killedAndRestarted() throws {
        let target = Self.setting("BALLAST_CRASH_KILLS", default: 20)
        let seed =
            ProcessInfo.processInfo.environment["BALLAST_CRASH_SEED"].flatMap(UInt64.init)
            ?? UInt64.random(in: 1...999_999)
        print("RolloutCrashTests: seed \(seed) (BALLAST_CRASH_SEED=\(seed) repeats it), \(target) kills")
        var random = SeededGenerator(seed: seed)
        let began = Date()
        var coverage: [Interrupted: Int] = [:]
        var kills = 0
        var rounds = 0
        while kills < target, rounds < target {
            rounds += 1
            let round = try killedRollout(rounds, killBudget: min(6, target - kills), random: &random)
            kills += round.kills.count
            for kill in round.kills { coverage[kill.interrupted, default: 0] += 1 }
            let delays = round.kills.map { String(format: "%.2f s (%@)", $0.delay, $0.interrupted.rawValue) }
            print("RolloutCrashTests: rollout \(rounds): \(round.kills.count) kills: \(delays.joined(separator: ", "))")
        }
        let summary = coverage.sorted { $0.key < $1.key }.map { "\($0.key.rawValue): \($0.value)" }
        print(
            "RolloutCrashTests: seed \(seed): \(kills) kills over \(rounds) rollouts in \(Int(Date().timeIntervalSince(began))) s; "
                + summary.joined(separator: ", "))
        #expect(kills >= target)
        // The two wide windows are always hit; the narrow ones (publish → shift, the promotion
        // itself) are aimed at and reported.
        if kills >= 8 {
            #expect(coverage[.beforePublish, default: 0] > 0, "seed \(seed)")
            #expect(coverage[.midBake, default: 0] > 0, "seed \(seed)")
        }
    }

    /// One rollout (a new image pushed under the same tag), killed up to `killBudget` times and
    /// started again each time, then run to its end; checks everything about it.
    func killedRollout(_ index: Int, killBudget: Int, random: inout SeededGenerator) throws -> Round {
        try fixture.repush(seed: "crash-\(index)")
        let before = try world()
        guard let old = before.liveVersion, before.weights.isEmpty, let image = before.image else {
            Issue.record("rollout \(index): live is not on one version before it: \(before)")
            return Round()
        }
        let watcher = try RolloutWatcher(
            endpoint: fixture.emulator.url, function: Self.function,
            log: fixture.folder.appendingPathComponent("watch-\(index).jsonl"))
        var round = Round()
        var targets: [KillTarget] = []
        var latest = before
        var lastOutput = ""
        while true {
            let log = fixture.folder.appendingPathComponent("reconcile-\(index)-\(round.starts.count).log")
            round.starts.append(Date())
            let child = try fixture.reconcileInBackground(log: log)
            var delay: TimeInterval?
            if round.kills.count < killBudget {
                if targets.isEmpty {
                    // The first kill of rollout n aims at the nth moment in turn, so the narrow
                    // window before the publish is aimed at by a fresh start at least once.
                    let first = KillTarget.allCases[(index - 1) % KillTarget.allCases.count]
                    targets =
                        round.kills.isEmpty
                        ? [first] + KillTarget.allCases.filter { $0 != first }.shuffled(using: &random)
                        : KillTarget.allCases.shuffled(using: &random)
                }
                delay = targets.removeFirst().delay(after: latest, image: image, random: &random)
            }
            if let delay, child.waitForExit(timeout: delay) == nil {
                child.killNow()
                latest = try world()
                let interrupted = Interrupted.of(latest, image: image)
                round.kills.append((delay, interrupted))
                check(
                    latest, old: old, image: image, before: before,
                    "rollout \(index), kill \(round.kills.count) at \(delay) s (\(interrupted.rawValue))")
                continue
            }
            let status = child.waitForExit(timeout: 120)
            lastOutput = child.output
            #expect(
                status == 0, "rollout \(index): the reconcile left to finish exited \(status as Any):\n\(child.output)")
            break
        }
        try watcher.catchUp(with: try world())
        watcher.stop()
        checkEnded(
            old: old, image: image, before: before, states: watcher.states(), starts: round.starts,
            "rollout \(index) (the reconcile left to finish logged:\n\(lastOutput))")
        return round
    }

    @Test(
        "two reconcilers at once on one canary: the RevisionId check makes one back off, the result is one reconciler's"
    )
    func twoReconcilers() throws {
        let rounds = Self.setting("BALLAST_RACE_ROUNDS", default: 3)
        var conflicts = 0
        for index in 1...rounds {
            try fixture.repush(seed: "race-\(index)")
            let before = try world()
            guard let old = before.liveVersion, before.weights.isEmpty, let image = before.image else {
                Issue.record("round \(index): live is not on one version before it: \(before)")
                return
            }
            let watcher = try RolloutWatcher(
                endpoint: fixture.emulator.url, function: Self.function,
                log: fixture.folder.appendingPathComponent("race-watch-\(index).jsonl"))
            let started = Date()
            let first = try fixture.reconcileInBackground(
                log: fixture.folder.appendingPathComponent("race-\(index)-a.log"))
            let second = try fixture.reconcileInBackground(
                log: fixture.folder.appendingPathComponent("race-\(index)-b.log"))
            let statuses = [first.waitForExit(timeout: 120), second.waitForExit(timeout: 120)]
            let outputs = [first.output, second.output]
            #expect(statuses == [0, 0], "round \(index):\n\(outputs.joined(separator: "\n----\n"))")
            let backedOff = outputs.map { $0.components(separatedBy: RolloutCrashTests.conflictMessage).count - 1 }
            conflicts += backedOff.reduce(0, +)
            print("RolloutCrashTests: two reconcilers, round \(index): RevisionId conflicts handled \(backedOff)")
            try watcher.catchUp(with: try world())
            watcher.stop()
            checkEnded(
                old: old, image: image, before: before, states: watcher.states(), starts: [started],
                "two reconcilers, round \(index)", bakeTiming: false)
            // As with one reconciler: exactly one version published, one past the old one.
            let after = try world()
            #expect(after.versions(running: image) == ["\((Int(old) ?? 0) + 1)"], "round \(index): \(after.versions)")
        }
        #expect(
            conflicts > 0,
            "in \(rounds) rounds neither reconciler's UpdateAlias was refused for a stale RevisionId: the race was not run"
        )
    }

    /// What the driver logs when UpdateAlias was refused with 412 because `live` moved under it:
    /// either it backs off and reads again, or the alias already routes as it asked (both
    /// reconcilers wanted the same step) and it carries on.
    static let conflictMessage = "RevisionId is stale"

    /// Invariants that hold at every moment: `live` routes only to the old version or the new
    /// one, and the new image has at most one published version, and no other version appeared.
    func check(_ world: RolloutWorld, old: String, image: String, before: RolloutWorld, _ context: String) {
        let new = world.versions(running: image)
        #expect(new.count <= 1, "\(context): more than one version of the new image: \(new)")
        let allowed = Set([old] + new)
        #expect(world.routed.isSubset(of: allowed), "\(context): live routes to \(world.routed), not only \(allowed)")
        let published = Set(world.versions.keys).subtracting(before.versions.keys)
        #expect(published.isSubset(of: Set(new)), "\(context): versions published besides the new one: \(published)")
    }

    /// The rollout ended promoted, every watched state kept the invariants, and the bake was
    /// resumed from the tag, neither restarted nor skipped:
    /// - once `live` first gives the new version traffic, the tag's `stepStartedAt` (F) never
    ///   changes again (no restart from zero after a kill);
    /// - all traffic reaches the new version (P, as the watcher first saw it) no earlier than
    ///   F + the held bake (not skipped; F is the tag's whole second, which the driver itself
    ///   reads back, so no tolerance is needed);
    /// - and no later than the held bake's end or the start of the reconcile that promoted,
    ///   whichever is later, plus `startAllowance` (a bake restarted at a restart would end a
    ///   whole held bake, 6 s, after it).
    ///
    /// With `bakeTiming` false (two reconcilers: each writes the tag, which has no
    /// compare-and-set, so the later one's step start stands) only the end and the invariants.
    func checkEnded(
        old: String, image: String, before: RolloutWorld, states: [RolloutWorld], starts: [Date], _ context: String,
        bakeTiming: Bool = true
    ) {
        guard let last = states.last, let new = last.versions(running: image).first else {
            Issue.record("\(context): the new image was never published; states: \(states.count)")
            return
        }
        for state in states {
            check(state, old: old, image: image, before: before, "\(context), watched at \(state.time)")
        }
        #expect(last.allTraffic(on: new), "\(context): live ended at \(last.liveVersion as Any) \(last.weights)")
        #expect(last.record?.phase == "succeeded", "\(context): the record ended \(last.record as Any)")
        #expect(last.record?.from == old && last.record?.to == new, "\(context): \(last.record as Any)")
        guard bakeTiming else { return }
        guard let shifted = states.first(where: { $0.weights[new] != nil }),
            let firstShift = shifted.record?.stepStartedAt, shifted.record?.to == new
        else {
            Issue.record("\(context): no state with traffic split to version \(new) and its record was seen")
            return
        }
        for state in states where state.time >= shifted.time && state.record?.to == new {
            #expect(
                state.record?.stepStartedAt == firstShift,
                "\(context): the bake clock moved from \(firstShift) to \(state.record?.stepStartedAt as Any) after traffic had shifted"
            )
        }
        guard let promoted = states.first(where: { $0.allTraffic(on: new) })?.time else { return }
        let bakeEnds = firstShift.addingTimeInterval(Self.heldBake)
        #expect(promoted >= bakeEnds, "\(context): promoted at \(promoted), before the bake ended at \(bakeEnds)")
        let promoter = starts.last { $0 <= promoted } ?? promoted
        let latest = max(bakeEnds, promoter).addingTimeInterval(Self.startAllowance)
        #expect(
            promoted <= latest,
            "\(context): promoted at \(promoted), later than \(latest) (bake ends \(bakeEnds), last start \(promoter))")
    }
}

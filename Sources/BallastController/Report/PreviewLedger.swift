import BallastPlan

/// What the previews remember between looks: the head each pull request was last commented at,
/// and the forks already logged. Lost on restart, and rebuilt from the comments' markers.
actor PreviewLedger {
    private(set) var heads: [Int: String] = [:]
    private var forks: Set<String> = []

    func commented(_ number: Int, at head: String) {
        heads[number] = head
    }

    /// Whether `pull` (at its head) is a fork not logged before.
    func noteFork(_ pull: PullRequest) -> Bool {
        forks.insert("\(pull.number)@\(pull.headSHA)").inserted
    }
}

/// The inputs Ballast is fuzzed on: each case takes arbitrary bytes through one parser the
/// outside world feeds, and must answer with a typed error for bad input, never trap.
///
/// The same functions run under libFuzzer (`Fuzz/run`) and, on the committed corpus, in the
/// ordinary test run, so a harness cannot rot unnoticed.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// A desired state, loaded and validated as `ballast validate` does (see ``DesiredStateFuzzing``).
    case desiredState = "desired-state"
    /// A CloudFormation query-protocol (XML) answer or error body (see ``CloudFormationXMLFuzzing``).
    case cloudFormationXML = "cloudformation-xml"
    /// A GitHub push webhook delivery (see ``WebhookFuzzing``).
    case webhook
    /// Two CloudFormation templates, diffed (see ``TemplateDiffFuzzing``).
    case templateDiff = "template-diff"

    /// Runs one input through the target.
    public func run(_ bytes: [UInt8]) -> FuzzOutcome {
        switch self {
        case .desiredState: return DesiredStateFuzzing.run(bytes)
        case .cloudFormationXML: return CloudFormationXMLFuzzing.run(bytes)
        case .webhook: return WebhookFuzzing.run(bytes)
        case .templateDiff: return TemplateDiffFuzzing.run(bytes)
        }
    }
}

/// What one fuzz input did.
public enum FuzzOutcome: Sendable, Hashable {
    /// The input was read (and, where there is one, passed the target's own check); the text
    /// says what it was read as.
    case accepted(String)
    /// The input was refused with a typed error, whose text this is.
    case rejected(String)

    /// Whether the input was accepted.
    public var isAccepted: Bool {
        if case .accepted = self { return true }
        return false
    }
}

import Metrics

extension ControllerMetrics {
    static let pullRequestPreviews = "ballast_pull_request_previews_total"

    /// What became of one pull request at one look of the plan previews:
    /// `ballast_pull_request_previews_total{result}`, where `result` is `created` (a first
    /// comment), `updated` (the comment edited for a new head), `failed` (Git, AWS or GitHub
    /// failed; tried again on the next look), `fork` (left alone) or `overBudget` (a look cut at
    /// its time budget).
    public func recordPullRequestPreview(result: String) {
        Metrics.Counter(label: Self.pullRequestPreviews, dimensions: [("result", result)], factory: factory)
            .increment()
    }
}

/// Where a child's standard input, output or error goes.
public enum Redirection: Sendable {
    /// `/dev/null`.
    case null
    /// A file: read for standard input; for output created (or truncated) unless `append`.
    case file(String, append: Bool = false)
    /// A pipe the parent reads (standard output and error only): see `ChildProcess.readyLine`.
    case pipe
    /// Standard error only: wherever standard output goes (`2>&1`).
    case standardOutput
}

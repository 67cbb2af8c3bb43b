/// What an authentic webhook delivery asks of the controller.
public enum WebhookEvent: Sendable, Hashable {
    /// A push to a branch: reconcile the stages that watch it now.
    case push(branch: String)
    /// GitHub's `ping`, sent when the hook is created: answered, triggers nothing.
    case ping
    /// An authentic event that triggers nothing (another event type, or a push of a tag); the
    /// text says why.
    case ignored(String)
}

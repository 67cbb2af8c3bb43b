/// The application the current task works for, so what all applications share (the AWS
/// session and its request counter) can say whose work a request was. Each application's loop
/// runs inside ``ApplicationScope/$name``; outside any loop (a one-shot command, pull-request
/// previews of the single form) it is nil.
public enum ApplicationScope {
    /// The application's name, or nil outside an application's loop.
    @TaskLocal public static var name: String?
}

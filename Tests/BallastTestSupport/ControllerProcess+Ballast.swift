import Foundation

extension ControllerProcess {
    /// The built `ballast command arguments…` with `environment`, logging to `log`.
    public convenience init(arguments: [String], environment: [String: String], log: URL, command: String = "run")
        throws
    {
        try self.init(
            executable: BallastExecutable.url.path, command: command, arguments: arguments, environment: environment,
            log: log)
    }
}

import Logging
import ServiceLifecycle

/// Runs the controller's services (the HTTP server, the reconcile loop) together in a
/// swift-service-lifecycle `ServiceGroup`: a signal from the policy shuts them all down
/// gracefully, within the policy's bounds, and one service ending ends the rest.
public enum ControllerServiceGroup {
    /// A group of `services` under `policy`; call `run()` on it, or `triggerGracefulShutdown()`
    /// to stop it as a signal would.
    public static func make(services: [any Service], policy: ShutdownPolicy = ShutdownPolicy(), logger: Logger)
        -> ServiceGroup
    {
        var configuration = ServiceGroupConfiguration(
            // Named by type: the default name is the service's whole description, which would put
            // its configuration (the remote's address, file paths) into every lifecycle log line.
            services: services.map {
                ServiceGroupConfiguration.ServiceConfiguration(
                    service: $0, serviceName: String(describing: type(of: $0)))
            },
            gracefulShutdownSignals: policy.signals,
            logger: logger
        )
        configuration.maximumGracefulShutdownDuration = policy.gracePeriod
        configuration.maximumCancellationDuration = policy.cancellationBound
        return ServiceGroup(configuration: configuration)
    }

    /// Runs `services` until a signal of `policy` (or one service's end) stops them. Returns
    /// normally after a graceful shutdown, so the process exits 0.
    public static func run(services: [any Service], policy: ShutdownPolicy = ShutdownPolicy(), logger: Logger)
        async throws
    {
        try await make(services: services, policy: policy, logger: logger).run()
    }
}

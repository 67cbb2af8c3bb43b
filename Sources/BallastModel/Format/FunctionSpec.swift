/// One Lambda handler from a container image (`functions/<name>.yaml`), before stage
/// overrides are applied.
public struct FunctionSpec: Sendable, Hashable {
    /// The handler's name; the Lambda function is `<project>-<stage>-<name>`.
    public var name: String
    /// The file it was read from, relative to the desired-state root.
    public var file: String
    /// Settings that apply in every stage unless overridden.
    public var base: FunctionSettings
    /// The database this handler may reach (network access and `DB_SECRET_ARN`).
    public var database: Located<String>?
    /// The API route, if the handler serves HTTP.
    public var api: ApiRoute?
    /// Alarm thresholds.
    public var alarms: AlarmThresholds
    /// Requests the new version must answer as expected before any traffic moves to it.
    public var checks: [FunctionCheck]
    /// Functions its rollouts invoke before traffic moves.
    public var hooks: FunctionHooks
    /// Per-stage overrides, by stage name.
    public var stageOverrides: [String: FunctionOverride]
    /// Where the name was written.
    public var namePosition: SourcePosition?

    /// Creates a function spec.
    public init(
        name: String, file: String, base: FunctionSettings, database: Located<String>? = nil, api: ApiRoute? = nil,
        alarms: AlarmThresholds = AlarmThresholds(), checks: [FunctionCheck] = [],
        hooks: FunctionHooks = FunctionHooks(),
        stageOverrides: [String: FunctionOverride] = [:], namePosition: SourcePosition? = nil
    ) {
        self.checks = checks
        self.hooks = hooks
        self.name = name
        self.namePosition = namePosition
        self.file = file
        self.base = base
        self.database = database
        self.api = api
        self.alarms = alarms
        self.stageOverrides = stageOverrides
    }

    /// The function as it applies to `stage`: its overrides merged over the base settings
    /// (environment entries merged key by key), the stage's rollout used when none is set.
    public func resolved(for stage: Stage) -> ResolvedFunction {
        var settings = base
        var rollout = base.rollout ?? RolloutSettings()
        var alarms = alarms
        var checks = checks
        var hooks = hooks
        if let override = stageOverrides[stage.name] {
            if let image = override.image { settings.image = image }
            if let memory = override.memoryMiB { settings.memoryMiB = memory }
            if let timeout = override.timeout { settings.timeout = timeout }
            settings.environment.merge(override.environment) { _, new in new }
            if let strategy = override.rollout?.strategy { rollout.strategy = strategy }
            if let extra = override.rollout?.alarms { rollout.alarms += extra }
            if let policy = override.rollout?.onNoTraffic { rollout.onNoTraffic = policy }
            if let every = override.rollout?.probeEvery { rollout.probeEvery = every }
            if let thresholds = override.alarms { alarms = thresholds }
            if let stageChecks = override.checks { checks = stageChecks }
            if let stageHooks = override.hooks { hooks = stageHooks }
        }
        return ResolvedFunction(
            name: name, stage: stage.name, image: settings.image.value, memoryMiB: settings.memoryMiB,
            timeout: settings.timeout, environment: settings.environment, database: database?.value, api: api,
            alarms: alarms, rollout: rollout.strategy ?? stage.rollout, watchedAlarms: rollout.alarms,
            onNoTraffic: rollout.onNoTraffic ?? stage.onNoTraffic,
            probeEvery: rollout.probeEvery ?? stage.probeEvery ?? NoTrafficPolicy.defaultProbeEvery, checks: checks,
            hooks: hooks)
    }
}

/// The settings a stage may override.
public struct FunctionSettings: Sendable, Hashable {
    /// The container image.
    public var image: Located<ImageReference>
    /// Memory in MiB (128–10240).
    public var memoryMiB: Int
    /// Timeout (1s–15m).
    public var timeout: Duration
    /// Environment variables.
    public var environment: [String: String]
    /// Rollout strategy and extra alarms to watch.
    public var rollout: RolloutSettings?

    /// Lambda's defaults for what is not written.
    public static let defaultMemoryMiB = 128
    /// Lambda's default timeout.
    public static let defaultTimeout: Duration = .seconds(3)

    /// Creates settings.
    public init(
        image: Located<ImageReference>, memoryMiB: Int = defaultMemoryMiB, timeout: Duration = defaultTimeout,
        environment: [String: String] = [:], rollout: RolloutSettings? = nil
    ) {
        self.image = image
        self.memoryMiB = memoryMiB
        self.timeout = timeout
        self.environment = environment
        self.rollout = rollout
    }
}

/// A stage override in a function file (`stages.<stage>:`).
public struct FunctionOverride: Sendable, Hashable {
    /// Another image for this stage.
    public var image: Located<ImageReference>?
    /// Other memory.
    public var memoryMiB: Int?
    /// Other timeout.
    public var timeout: Duration?
    /// Environment entries added or replaced.
    public var environment: [String: String]
    /// Another rollout.
    public var rollout: RolloutSettings?
    /// Other alarm thresholds.
    public var alarms: AlarmThresholds?
    /// Checks that replace the function's in this stage (an empty list: none).
    public var checks: [FunctionCheck]?
    /// Hooks that replace the function's in this stage.
    public var hooks: FunctionHooks?
    /// Where the override was written.
    public var position: SourcePosition?

    /// Creates an override.
    public init(
        image: Located<ImageReference>? = nil, memoryMiB: Int? = nil, timeout: Duration? = nil,
        environment: [String: String] = [:], rollout: RolloutSettings? = nil, alarms: AlarmThresholds? = nil,
        checks: [FunctionCheck]? = nil, hooks: FunctionHooks? = nil, position: SourcePosition? = nil
    ) {
        self.checks = checks
        self.hooks = hooks
        self.image = image
        self.memoryMiB = memoryMiB
        self.timeout = timeout
        self.environment = environment
        self.rollout = rollout
        self.alarms = alarms
        self.position = position
    }
}

/// A function's rollout settings: a strategy overriding the stage's, and alarms to watch
/// besides the function's own.
public struct RolloutSettings: Sendable, Hashable {
    /// The strategy, nil to use the stage's.
    public var strategy: RolloutStrategy?
    /// Names of further CloudWatch alarms that stop a rollout when in `ALARM`.
    public var alarms: [String]
    /// What to do when the new version gets no traffic during a step; nil to inherit.
    public var onNoTraffic: NoTrafficPolicy?
    /// The time between probes with `onNoTraffic: probe`; nil to inherit.
    public var probeEvery: Duration?
    /// Where `onNoTraffic` was written (the mapping when it was not), for errors about it.
    public var onNoTrafficPosition: SourcePosition?

    /// Creates rollout settings.
    public init(
        strategy: RolloutStrategy? = nil, alarms: [String] = [], onNoTraffic: NoTrafficPolicy? = nil,
        probeEvery: Duration? = nil, onNoTrafficPosition: SourcePosition? = nil
    ) {
        self.strategy = strategy
        self.alarms = alarms
        self.onNoTraffic = onNoTraffic
        self.probeEvery = probeEvery
        self.onNoTrafficPosition = onNoTrafficPosition
    }
}

/// An API Gateway route to a handler.
public struct ApiRoute: Sendable, Hashable {
    /// The resource path, `/orders` or `/orders/{id}`.
    public var path: String
    /// HTTP methods, upper case, in the order written.
    public var methods: [String]
    /// Where the path was written.
    public var position: SourcePosition?

    /// The methods the format accepts.
    public static let allowedMethods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY"]

    /// Creates a route.
    public init(path: String, methods: [String], position: SourcePosition? = nil) {
        self.path = path
        self.methods = methods
        self.position = position
    }
}

/// Alarm thresholds of a handler; nil means Ballast's default.
public struct AlarmThresholds: Sendable, Hashable {
    /// Errors per minute at or above which the alarm fires.
    public var errors: Int?
    /// Average duration in milliseconds.
    public var durationMs: Int?
    /// API 4XX responses per minute.
    public var api4xx: Int?
    /// API 5XX responses per minute.
    public var api5xx: Int?
    /// API latency (p90 is not used: average, as the original stack) in milliseconds.
    public var apiLatencyMs: Int?

    /// Creates thresholds.
    public init(
        errors: Int? = nil, durationMs: Int? = nil, api4xx: Int? = nil, api5xx: Int? = nil, apiLatencyMs: Int? = nil
    ) {
        self.errors = errors
        self.durationMs = durationMs
        self.api4xx = api4xx
        self.api5xx = api5xx
        self.apiLatencyMs = apiLatencyMs
    }
}

/// A handler as it applies to one stage: what synthesis and the rollout engine read.
public struct ResolvedFunction: Sendable, Hashable {
    /// The handler's name.
    public var name: String
    /// The stage.
    public var stage: String
    /// The image for this stage.
    public var image: ImageReference
    /// Memory in MiB.
    public var memoryMiB: Int
    /// Timeout.
    public var timeout: Duration
    /// Environment, overrides merged.
    public var environment: [String: String]
    /// The database it reaches.
    public var database: String?
    /// Its API route.
    public var api: ApiRoute?
    /// Alarm thresholds.
    public var alarms: AlarmThresholds
    /// The rollout strategy in this stage.
    public var rollout: RolloutStrategy
    /// Extra alarms watched during its rollouts.
    public var watchedAlarms: [String]
    /// What its rollouts do when the new version gets no traffic during a step.
    public var onNoTraffic: NoTrafficPolicy = .proceed
    /// The time between probes with `onNoTraffic: probe`.
    public var probeEvery: Duration = NoTrafficPolicy.defaultProbeEvery
    /// Requests the new version must answer as expected before any traffic moves to it.
    public var checks: [FunctionCheck] = []
    /// Functions its rollouts invoke before traffic moves.
    public var hooks = FunctionHooks()

    /// The timeout in seconds, as Lambda takes it (validation allows whole seconds only).
    public var timeoutSeconds: Int { Int(DurationText.milliseconds(of: timeout) / 1000) }
}

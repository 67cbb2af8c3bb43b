/// Reads a `rollout:` mapping (stage default, function default, or stage override).
enum RolloutReading {
    static let keys = ["strategy", "percent", "bake", "every", "alarms", "onNoTraffic", "probeEvery"]
    static let stepRange: ClosedRange<Duration> = .seconds(1)...(.seconds(24 * 3600))

    /// Reads the settings; `requireStrategy` is true where there is nothing to inherit from.
    static func read(_ reader: MappingReader, requireStrategy: Bool, sink: DiagnosticSink) -> RolloutSettings? {
        var alarms: [String] = []
        if let value = reader.optional("alarms"),
            let list = ScalarReading.stringList(value, what: "'alarms' in \(reader.context)", sink: sink)
        {
            for name in list {
                if name.value.isEmpty || name.value.count > 255 {
                    sink.report(name.position ?? reader.position, "alarm names are 1 to 255 characters")
                } else {
                    alarms.append(name.value)
                }
            }
        }
        var onNoTraffic: NoTrafficPolicy?
        let onNoTrafficText = reader.string("onNoTraffic")
        if let text = onNoTrafficText {
            onNoTraffic = NoTrafficPolicy(rawValue: text.value)
            if onNoTraffic == nil {
                sink.report(
                    text.position ?? reader.position,
                    "'onNoTraffic' in \(reader.context) must be proceed, halt or probe, found '\(text.value)'\(Suggestion.phrase(for: text.value, in: NoTrafficPolicy.names))"
                )
            }
        }
        let probeEvery = reader.duration("probeEvery", in: NoTrafficPolicy.probeEveryRange)
        if let probeEvery, let onNoTraffic, onNoTraffic != .probe {
            sink.report(
                reader.keyPosition("probeEvery") ?? probeEvery.position ?? reader.position,
                "'probeEvery' in \(reader.context) applies to onNoTraffic: probe only, found onNoTraffic: \(onNoTraffic.rawValue)"
            )
        }
        let policy = Located(onNoTraffic, at: onNoTrafficText?.position ?? reader.position)
        let strategyKeys = ["percent", "bake", "every"].filter(reader.has)
        guard reader.has("strategy") || requireStrategy || !strategyKeys.isEmpty else {
            return RolloutSettings(
                strategy: nil, alarms: alarms, onNoTraffic: onNoTraffic, probeEvery: probeEvery?.value,
                onNoTrafficPosition: policy.position)
        }
        guard let strategyName = reader.string("strategy", required: true) else { return nil }
        let position = strategyName.position ?? reader.position
        func notApplicable(_ key: String) {
            sink.report(
                reader.keyPosition(key) ?? position,
                "'\(key)' does not apply to strategy \(strategyName.value) in \(reader.context)")
        }
        let strategy: RolloutStrategy?
        switch strategyName.value {
        case "allAtOnce":
            strategyKeys.forEach(notApplicable)
            strategy = .allAtOnce
        case "canary":
            if reader.has("every") { notApplicable("every") }
            let percent = reader.integer("percent", in: 1...99, unit: " (percent of traffic)", required: true)
            let bake = reader.duration("bake", in: stepRange, required: true)
            strategy = percent.flatMap { p in bake.map { .canary(percent: p.value, bake: $0.value) } }
        case "linear":
            if reader.has("bake") { notApplicable("bake") }
            let percent = reader.integer("percent", in: 1...99, unit: " (percent of traffic)", required: true)
            let every = reader.duration("every", in: stepRange, required: true)
            strategy = percent.flatMap { p in every.map { .linear(percent: p.value, every: $0.value) } }
        default:
            sink.report(
                position,
                "unknown rollout strategy '\(strategyName.value)'\(Suggestion.phrase(for: strategyName.value, in: RolloutStrategy.names)) (allowed: allAtOnce, canary, linear)"
            )
            return nil
        }
        guard let strategy else { return nil }
        return RolloutSettings(
            strategy: strategy, alarms: alarms, onNoTraffic: onNoTraffic, probeEvery: probeEvery?.value,
            onNoTrafficPosition: policy.position)
    }
}

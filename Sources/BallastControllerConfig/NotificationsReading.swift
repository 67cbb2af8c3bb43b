import BallastModel

/// Reads `notifications:` of `controller/config.yaml`: a list of targets, each checked against
/// the keys, kinds, URL forms and event names allowed, with its file and line.
enum NotificationsReading {
    static let keys = ["type", "url", "urlFile", "secretFile", "events", "timeout"]

    /// The targets of the list `value`; problems go to `sink`.
    static func targets(_ value: YAMLValue, sink: DiagnosticSink) -> [NotificationTarget] {
        guard case .sequence(let sequence) = value.node else {
            sink.report(value.position, "'notifications' must be a list of targets, found \(value.found)")
            return []
        }
        var targets: [NotificationTarget] = []
        for (index, node) in sequence.enumerated() {
            let item = YAMLValue(node: node, file: value.file)
            if let target = target(item, index: index, sink: sink) { targets.append(target) }
        }
        return targets
    }

    private static func target(_ value: YAMLValue, index: Int, sink: DiagnosticSink) -> NotificationTarget? {
        let context = "notification \(index + 1)"
        guard let entry = MappingReader(value, context: context, allowedKeys: keys, sink: sink) else { return nil }
        let allowedKinds = NotificationTarget.Kind.allCases.map(\.rawValue)
        var kind: NotificationTarget.Kind?
        if let type = entry.string("type", required: true) {
            kind = NotificationTarget.Kind(rawValue: type.value)
            if kind == nil, let position = type.position {
                sink.report(
                    position,
                    "'type' in \(context) must be one of \(allowedKinds.joined(separator: ", ")), found \(type.value)"
                        + Suggestion.phrase(for: type.value, in: allowedKinds))
            }
        }
        let url = entry.string("url")
        if let url, !NotificationTarget.isWebURL(url.value), let position = url.position {
            // The URL may be a secret (Slack's is): only its scheme is quoted back.
            sink.report(
                position,
                "'url' in \(context) must be an http:// or https:// URL with a host, found \(describe(url.value))")
        }
        let urlFile = entry.string("urlFile")
        if (url == nil) == (urlFile == nil) {
            sink.report(entry.position, "\(context) needs exactly one of 'url' and 'urlFile'")
        }
        let secretFile = entry.string("secretFile")
        if kind == .slack, secretFile != nil, let position = entry.keyPosition("secretFile") {
            sink.report(
                position,
                "'secretFile' in \(context) is for type webhook; a Slack incoming webhook's URL is its secret (use urlFile)"
            )
        }
        let events = entry.optional("events").flatMap { eventNames($0, context: context, sink: sink) }
        let timeout = entry.duration("timeout", in: .milliseconds(100)...Duration.seconds(60))
        guard let kind else { return nil }
        return NotificationTarget(
            kind: kind, url: url?.value, urlFile: urlFile, secretFile: secretFile, events: events,
            timeout: timeout?.value ?? .seconds(5), position: entry.position)
    }

    /// What a wrong URL is, without quoting it: `a URL with scheme 'ftp'`, `text that is not a URL`.
    static func describe(_ url: String) -> String {
        guard let range = url.range(of: "://"), !url[..<range.lowerBound].isEmpty else {
            return "text that is not a URL"
        }
        let scheme = url[..<range.lowerBound]
        guard scheme.count <= 20, scheme.allSatisfy({ $0.isLetter || $0.isNumber || "+-.".contains($0) }) else {
            return "text that is not a URL"
        }
        let lower = scheme.lowercased()
        return lower == "http" || lower == "https" ? "a URL without a host" : "a URL with scheme '\(scheme)'"
    }

    private static func eventNames(_ value: YAMLValue, context: String, sink: DiagnosticSink)
        -> Set<NotificationEventKind>?
    {
        guard let names = ScalarReading.stringList(value, what: "'events' in \(context)", sink: sink) else {
            return nil
        }
        let allowed = NotificationEventKind.allowedNames
        var events: Set<NotificationEventKind> = []
        for name in names {
            if let event = NotificationEventKind(rawValue: name.value) {
                events.insert(event)
            } else if let position = name.position {
                sink.report(
                    position,
                    "unknown event '\(name.value)' in \(context)\(Suggestion.phrase(for: name.value, in: allowed)) (allowed: \(allowed.joined(separator: ", ")))"
                )
            }
        }
        return events
    }
}

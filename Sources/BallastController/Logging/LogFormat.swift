/// How log events are written, one event a line: `text` for people, `json` for log collectors
/// (one object a line with `level`, `message`, `timestamp`, `label` and the metadata fields).
public enum LogFormat: String, Sendable, CaseIterable {
    case text
    case json
}

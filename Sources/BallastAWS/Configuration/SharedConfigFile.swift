import Foundation

/// One shared AWS file, `~/.aws/config` or `~/.aws/credentials`, parsed the way the AWS SDKs do.
///
/// The format is INI-like: `[default]`; `[profile name]` in the config file but `[name]` in the
/// credentials file; `[services name]` (config only) for per-service endpoints; `key = value`;
/// whole-line comments with `#` or `;`, and inline comments after whitespace; an indented line
/// continues the value above it, or is a sub-property when that value is empty. Lines that fit
/// none of these, and sections of other kinds (`[sso-session x]`), are skipped.
public struct SharedConfigFile: Sendable, Hashable {
    /// Which of the two files; they name profile sections differently.
    public enum Kind: Sendable, Hashable {
        /// `~/.aws/config`: `[default]`, `[profile name]`, `[services name]`.
        case config
        /// `~/.aws/credentials`: `[name]`.
        case credentials
    }

    /// The profiles by name.
    public var profiles: [String: SharedConfigSection]
    /// The `[services name]` sections by name.
    public var services: [String: SharedConfigSection]

    /// A file with the given sections.
    public init(profiles: [String: SharedConfigSection] = [:], services: [String: SharedConfigSection] = [:]) {
        self.profiles = profiles
        self.services = services
    }

    /// The sections of `text`, a file of `kind`.
    public init(parsing text: String, kind: Kind) {
        var parser = SharedConfigParser(kind: kind)
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            parser.read(String(line))
        }
        self = parser.finish()
    }

    /// The file at `path`, or an empty file when there is no file there (or no path).
    ///
    /// Throws `ConfigurationError.unreadableFile` when the file exists but cannot be read.
    public static func load(path: String?, kind: Kind) throws(ConfigurationError) -> SharedConfigFile {
        guard let path, FileManager.default.fileExists(atPath: path) else { return SharedConfigFile() }
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            return SharedConfigFile(parsing: String(decoding: data, as: UTF8.self), kind: kind)
        } catch {
            throw ConfigurationError(.unreadableFile(path: path, reason: (error as NSError).localizedDescription))
        }
    }
}

/// The line-by-line state of parsing one shared file.
struct SharedConfigParser {
    private enum Target {
        case profile(String)
        case services(String)
        case skipped
    }

    let kind: SharedConfigFile.Kind
    private var profiles: [String: SharedConfigSection] = [:]
    private var services: [String: SharedConfigSection] = [:]
    /// `[default]` of the config file, kept apart: `[profile default]` wins over it.
    private var plainDefault: SharedConfigSection?
    private var current: Target?
    private var section = SharedConfigSection(name: "")
    private var lastKey: String?

    init(kind: SharedConfigFile.Kind) {
        self.kind = kind
    }

    mutating func read(_ line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { return }
        if trimmed.hasPrefix("[") {
            startSection(header: trimmed)
            return
        }
        guard current != nil else { return }
        let indented = line.first.map { $0 == " " || $0 == "\t" } ?? false
        if indented, let lastKey {
            continueProperty(lastKey, line: trimmed)
            return
        }
        guard let equals = trimmed.firstIndex(of: "=") else {
            lastKey = nil
            return
        }
        let key = trimmed[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
        guard !key.isEmpty else {
            lastKey = nil
            return
        }
        section.properties[key] = Self.strippingInlineComment(String(trimmed[trimmed.index(after: equals)...]))
        lastKey = key
    }

    mutating func finish() -> SharedConfigFile {
        closeSection()
        if let plainDefault, profiles["default"] == nil {
            profiles["default"] = plainDefault
        }
        return SharedConfigFile(profiles: profiles, services: services)
    }

    private mutating func startSection(header: String) {
        closeSection()
        lastKey = nil
        guard let close = header.firstIndex(of: "]") else {
            current = .skipped
            return
        }
        let inside = header[header.index(after: header.startIndex)..<close].trimmingCharacters(in: .whitespaces)
        let words = inside.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        switch kind {
        case .credentials:
            current = inside.isEmpty ? .skipped : .profile(inside)
        case .config:
            if words == ["default"] {
                current = .profile("\u{0}default")
            } else if words.count == 2, words[0] == "profile" {
                current = .profile(words[1])
            } else if words.count == 2, words[0] == "services" {
                current = .services(words[1])
            } else {
                current = .skipped
            }
        }
        if case .profile(let name) = current { section = SharedConfigSection(name: name) }
        if case .services(let name) = current { section = SharedConfigSection(name: name) }
    }

    private mutating func closeSection() {
        defer { current = nil }
        switch current {
        case .profile("\u{0}default"):
            section.name = "default"
            plainDefault = plainDefault.map { $0.merging(section) } ?? section
        case .profile(let name):
            profiles[name] = profiles[name].map { $0.merging(section) } ?? section
        case .services(let name):
            services[name] = services[name].map { $0.merging(section) } ?? section
        case .skipped, nil:
            break
        }
    }

    private mutating func continueProperty(_ key: String, line: String) {
        let value = section.properties[key] ?? ""
        if value.isEmpty {
            guard let equals = line.firstIndex(of: "=") else { return }
            let subKey = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let subValue = Self.strippingInlineComment(String(line[line.index(after: equals)...]))
            guard !subKey.isEmpty else { return }
            section.subProperties[key, default: [:]][subKey] = subValue
        } else {
            section.properties[key] = value + "\n" + Self.strippingInlineComment(line)
        }
    }

    /// `value # comment` → `value`: a `#` or `;` after whitespace starts a comment.
    static func strippingInlineComment(_ value: String) -> String {
        var previousIsSpace = false
        for index in value.indices {
            let character = value[index]
            if (character == "#" || character == ";") && previousIsSpace {
                return value[..<index].trimmingCharacters(in: .whitespaces)
            }
            previousIsSpace = character == " " || character == "\t"
        }
        return value.trimmingCharacters(in: .whitespaces)
    }
}

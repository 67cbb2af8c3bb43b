import Foundation

/// The environment variables and home directory that AWS configuration is read from, captured
/// once at start.
///
/// Everything that resolves credentials, regions or endpoints takes one of these instead of
/// reading the process environment, so tests pass their own dictionary and nothing global is
/// mutated. A variable set to an empty string counts as unset, as in the AWS SDKs.
public struct AWSEnvironment: Sendable, Hashable {
    /// The variables, by name.
    public var variables: [String: String]
    /// The home directory that `~` in paths and the default `~/.aws/…` files are under.
    public var homeDirectory: String?

    /// An environment from `variables`; `homeDirectory` defaults to `variables["HOME"]`.
    public init(variables: [String: String], homeDirectory: String? = nil) {
        self.variables = variables
        self.homeDirectory = homeDirectory ?? variables["HOME"]
    }

    /// The environment of this process, read now.
    public static func process() -> AWSEnvironment {
        let variables = ProcessInfo.processInfo.environment
        return AWSEnvironment(variables: variables, homeDirectory: variables["HOME"] ?? NSHomeDirectory())
    }

    /// The value of `name` without surrounding whitespace, or `nil` when it is unset or empty.
    public subscript(name: String) -> String? {
        guard let value = variables[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
            return nil
        }
        return value
    }

    /// The profile to read, `AWS_PROFILE` or `default`.
    public var profileName: String { self["AWS_PROFILE"] ?? "default" }

    /// Whether a profile was named by `AWS_PROFILE` (then a missing profile is an error).
    public var namesProfile: Bool { self["AWS_PROFILE"] != nil }

    /// The shared config file: `AWS_CONFIG_FILE` or `~/.aws/config`; `nil` without a home.
    public var configFilePath: String? {
        expandingHome(self["AWS_CONFIG_FILE"] ?? "~/.aws/config")
    }

    /// The shared credentials file: `AWS_SHARED_CREDENTIALS_FILE` or `~/.aws/credentials`; `nil`
    /// without a home.
    public var credentialsFilePath: String? {
        expandingHome(self["AWS_SHARED_CREDENTIALS_FILE"] ?? "~/.aws/credentials")
    }

    /// `path` with a leading `~` replaced by the home directory; `nil` when it needs one and
    /// there is none.
    public func expandingHome(_ path: String) -> String? {
        guard path == "~" || path.hasPrefix("~/") else { return path }
        guard let homeDirectory, !homeDirectory.isEmpty else { return nil }
        return homeDirectory + path.dropFirst()
    }
}

extension AWSEnvironment: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The names of the `AWS_*` variables that are set, without any value: some are secrets.
    public var description: String {
        let names = variables.keys.filter { $0.hasPrefix("AWS_") }.sorted()
        return "AWSEnvironment(\(names.joined(separator: ", ")))"
    }

    /// Same as `description`.
    public var debugDescription: String { description }

    /// A mirror without values, so `dump` cannot print a secret either.
    public var customMirror: Mirror {
        Mirror(self, children: ["variables": variables.keys.sorted()], displayStyle: .struct)
    }
}

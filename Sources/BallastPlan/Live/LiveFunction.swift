/// A handler as it stands in AWS (GetAlias `live` and its note, GetFunction of the version `live`
/// points at with the `ballast:rollout` tag), read by an adapter.
public struct LiveFunction: Sendable, Hashable {
    /// The Lambda function name.
    public var name: String
    /// The alias `live`, nil when it does not exist yet.
    public var alias: AliasWeights?
    /// The published versions `live` points at (and any other the reader fetched), by number.
    public var versions: [String: PublishedVersion]
    /// The `ballast:rollout` tag's JSON, when a rollout is recorded (nil also when the reader
    /// skipped the read because the alias's note showed the desired version served).
    public var rolloutTag: String?
    /// The note in the alias's description, as Ballast last wrote it.
    public var note: LiveAliasNote?

    /// Creates a live function.
    public init(
        name: String, alias: AliasWeights?, versions: [String: PublishedVersion], rolloutTag: String? = nil,
        note: LiveAliasNote? = nil
    ) {
        self.name = name
        self.alias = alias
        self.versions = versions
        self.rolloutTag = rolloutTag
        self.note = note
    }
}

/// Where the alias `live` sends traffic: its version, and the weight of one more version while
/// a rollout shifts traffic (`RoutingConfig.AdditionalVersionWeights`).
public struct AliasWeights: Sendable, Hashable {
    /// The alias's primary version.
    public var version: String
    /// The additional version and its share of traffic (0–1), if any.
    public var additional: (version: String, weight: Double)?
    /// The alias's revision, for optimistic concurrency.
    public var revisionId: String?

    /// Creates alias weights.
    public init(version: String, additional: (version: String, weight: Double)? = nil, revisionId: String? = nil) {
        self.version = version
        self.additional = additional
        self.revisionId = revisionId
    }

    /// The version receiving all traffic, nil while traffic is split.
    public var fullVersion: String? {
        guard let additional, additional.weight > 0 else { return version }
        return additional.weight >= 1 ? additional.version : nil
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.version == rhs.version && lhs.revisionId == rhs.revisionId
            && lhs.additional?.version == rhs.additional?.version && lhs.additional?.weight == rhs.additional?.weight
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(version)
        hasher.combine(revisionId)
        hasher.combine(additional?.version)
        hasher.combine(additional?.weight)
    }
}

/// One published version of a handler: what it runs.
public struct PublishedVersion: Sendable, Hashable {
    /// The version number.
    public var version: String
    /// The image digest the version runs (`sha256:…`, from `ResolvedImageUri`).
    public var imageDigest: String?
    /// Memory in MiB.
    public var memoryMiB: Int
    /// Timeout in seconds.
    public var timeoutSeconds: Int
    /// The environment as deployed.
    public var environment: [String: String]

    /// Creates a version.
    public init(
        version: String, imageDigest: String?, memoryMiB: Int, timeoutSeconds: Int, environment: [String: String]
    ) {
        self.version = version
        self.imageDigest = imageDigest
        self.memoryMiB = memoryMiB
        self.timeoutSeconds = timeoutSeconds
        self.environment = environment
    }

    /// The version's `VersionSignature`, nil when its image digest is unknown.
    public var signature: String? {
        imageDigest.map {
            VersionSignature.of(
                digest: $0, memoryMiB: memoryMiB, timeoutSeconds: timeoutSeconds, environment: environment)
        }
    }
}

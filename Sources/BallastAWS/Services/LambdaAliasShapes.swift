import Foundation

/// How an alias splits traffic: the share (0 to 1) each additional version gets; the alias's own
/// version gets the rest.
public struct AliasRoutingConfiguration: Codable, Sendable, Hashable {
    /// Version → weight, `["7": 0.1]`; empty sends all traffic to the alias's version.
    public var additionalVersionWeights: [String: Double]

    /// A routing from its weights; no weights means all traffic to the alias's version.
    public init(additionalVersionWeights: [String: Double] = [:]) {
        self.additionalVersionWeights = additionalVersionWeights
    }

    enum CodingKeys: String, CodingKey { case additionalVersionWeights = "AdditionalVersionWeights" }

    /// Reads `AdditionalVersionWeights`; absent or `null` means none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        additionalVersionWeights =
            try container.decodeIfPresent([String: Double].self, forKey: .additionalVersionWeights) ?? [:]
    }
}

/// A function alias: the name API Gateway invokes (`live`), the version it points at, and the
/// weighted extra version of a rollout in progress.
public struct FunctionAlias: Decodable, Sendable, Hashable {
    /// The alias name, `live`.
    public var name: String
    /// The alias ARN, `arn:aws:lambda:…:function:shop-dev-orders:live`.
    public var aliasArn: String
    /// The version that gets the traffic the additional versions do not.
    public var functionVersion: String
    /// The description.
    public var description: String?
    /// Additional versions and their weights; empty when all traffic goes to `functionVersion`.
    public var additionalVersionWeights: [String: Double]
    /// Changes on every update; pass it to `updateAlias` so that two writers cannot both win.
    public var revisionId: String?

    /// An alias from its parts.
    public init(
        name: String,
        aliasArn: String,
        functionVersion: String,
        description: String? = nil,
        additionalVersionWeights: [String: Double] = [:],
        revisionId: String? = nil
    ) {
        self.name = name
        self.aliasArn = aliasArn
        self.functionVersion = functionVersion
        self.description = description
        self.additionalVersionWeights = additionalVersionWeights
        self.revisionId = revisionId
    }

    enum CodingKeys: String, CodingKey {
        case name = "Name", aliasArn = "AliasArn", functionVersion = "FunctionVersion"
        case description = "Description", routingConfig = "RoutingConfig", revisionId = "RevisionId"
    }

    /// Reads the members above; `RoutingConfig.AdditionalVersionWeights` is flattened.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        aliasArn = try container.decode(String.self, forKey: .aliasArn)
        functionVersion = try container.decode(String.self, forKey: .functionVersion)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        additionalVersionWeights =
            try container.decodeIfPresent(AliasRoutingConfiguration.self, forKey: .routingConfig)?
            .additionalVersionWeights ?? [:]
        revisionId = try container.decodeIfPresent(String.self, forKey: .revisionId)
    }
}

/// The input of `CreateAlias`.
public struct CreateAliasInput: Sendable, Hashable {
    /// The function's name or ARN.
    public var functionName: String
    /// The alias name, `live`.
    public var name: String
    /// The version it points at.
    public var functionVersion: String
    /// The description.
    public var description: String?
    /// Additional versions and their weights; empty for none.
    public var additionalVersionWeights: [String: Double]

    /// An input from its parts.
    public init(
        functionName: String,
        name: String,
        functionVersion: String,
        description: String? = nil,
        additionalVersionWeights: [String: Double] = [:]
    ) {
        self.functionName = functionName
        self.name = name
        self.functionVersion = functionVersion
        self.description = description
        self.additionalVersionWeights = additionalVersionWeights
    }

    struct Body: Encodable {
        var name: String
        var functionVersion: String
        var description: String?
        var routingConfig: AliasRoutingConfiguration?
        enum CodingKeys: String, CodingKey {
            case name = "Name", functionVersion = "FunctionVersion", description = "Description"
            case routingConfig = "RoutingConfig"
        }
    }

    var body: Body {
        Body(
            name: name, functionVersion: functionVersion, description: description,
            routingConfig: additionalVersionWeights.isEmpty
                ? nil : AliasRoutingConfiguration(additionalVersionWeights: additionalVersionWeights))
    }
}

/// The input of `UpdateAlias`. A member left `nil` is left as it is; `revisionId` makes the
/// update conditional (`PreconditionFailedException`, HTTP 412, when the alias changed since).
public struct UpdateAliasInput: Sendable, Hashable {
    /// The function's name or ARN.
    public var functionName: String
    /// The alias name, `live`.
    public var name: String
    /// The new main version.
    public var functionVersion: String?
    /// The new description.
    public var description: String?
    /// The new weights; `[:]` sends all traffic to the main version, `nil` keeps the current
    /// split.
    public var additionalVersionWeights: [String: Double]?
    /// Update only if the alias still has this revision.
    public var revisionId: String?

    /// An input from its parts.
    public init(
        functionName: String,
        name: String,
        functionVersion: String? = nil,
        description: String? = nil,
        additionalVersionWeights: [String: Double]? = nil,
        revisionId: String? = nil
    ) {
        self.functionName = functionName
        self.name = name
        self.functionVersion = functionVersion
        self.description = description
        self.additionalVersionWeights = additionalVersionWeights
        self.revisionId = revisionId
    }

    struct Body: Encodable {
        var functionVersion: String?
        var description: String?
        var routingConfig: AliasRoutingConfiguration?
        var revisionId: String?
        enum CodingKeys: String, CodingKey {
            case functionVersion = "FunctionVersion", description = "Description"
            case routingConfig = "RoutingConfig", revisionId = "RevisionId"
        }
    }

    var body: Body {
        Body(
            functionVersion: functionVersion, description: description,
            routingConfig: additionalVersionWeights.map { AliasRoutingConfiguration(additionalVersionWeights: $0) },
            revisionId: revisionId)
    }
}

/// One page of `ListAliases`.
public struct ListAliasesOutput: Decodable, Sendable, Hashable {
    /// The aliases on this page.
    public var aliases: [FunctionAlias]
    /// The marker of the next page; `nil` on the last.
    public var nextMarker: String?

    /// A page from its parts.
    public init(aliases: [FunctionAlias], nextMarker: String? = nil) {
        self.aliases = aliases
        self.nextMarker = nextMarker
    }

    enum CodingKeys: String, CodingKey { case aliases = "Aliases", nextMarker = "NextMarker" }

    /// Reads `Aliases` (absent means none) and `NextMarker`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        aliases = try container.decodeIfPresent([FunctionAlias].self, forKey: .aliases) ?? []
        nextMarker = try container.decodeIfPresent(String.self, forKey: .nextMarker)
    }
}

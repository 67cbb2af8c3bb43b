import Foundation

/// Whether a function can be invoked: `Pending` while it is created, `Active`, `Inactive`,
/// `Failed`. A value AWS adds later is kept as written.
public struct FunctionState: RawRepresentable, Codable, Sendable, Hashable {
    /// The value as AWS writes it.
    public var rawValue: String
    /// A state from AWS's spelling.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Being created; not invocable yet.
    public static let pending = FunctionState(rawValue: "Pending")
    /// Ready to be invoked.
    public static let active = FunctionState(rawValue: "Active")
    /// Idle long enough that Lambda reclaimed its resources.
    public static let inactive = FunctionState(rawValue: "Inactive")
    /// Creation failed.
    public static let failed = FunctionState(rawValue: "Failed")
}

/// How the last update of a function's code or configuration went: `InProgress`, `Successful`,
/// `Failed`. Publishing while it is `InProgress` fails with `ResourceConflictException`.
public struct LastUpdateStatus: RawRepresentable, Codable, Sendable, Hashable {
    /// The value as AWS writes it.
    public var rawValue: String
    /// A status from AWS's spelling.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The update is still being applied.
    public static let inProgress = LastUpdateStatus(rawValue: "InProgress")
    /// The update is in place.
    public static let successful = LastUpdateStatus(rawValue: "Successful")
    /// The update failed.
    public static let failed = LastUpdateStatus(rawValue: "Failed")
}

/// How a function's code is packaged: `Image` (a container image, Ballast's case) or `Zip`.
public struct PackageType: RawRepresentable, Codable, Sendable, Hashable {
    /// The value as AWS writes it.
    public var rawValue: String
    /// A package type from AWS's spelling.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// A container image from ECR.
    public static let image = PackageType(rawValue: "Image")
    /// A .zip archive.
    public static let zip = PackageType(rawValue: "Zip")
}

/// The container settings that override the image's own: entry point, command, working directory.
public struct FunctionImageConfig: Codable, Sendable, Hashable {
    /// Overrides the image's `ENTRYPOINT`.
    public var entryPoint: [String]?
    /// Overrides the image's `CMD`.
    public var command: [String]?
    /// Overrides the image's `WORKDIR`.
    public var workingDirectory: String?

    /// A configuration from its parts.
    public init(entryPoint: [String]? = nil, command: [String]? = nil, workingDirectory: String? = nil) {
        self.entryPoint = entryPoint
        self.command = command
        self.workingDirectory = workingDirectory
    }

    enum CodingKeys: String, CodingKey {
        case entryPoint = "EntryPoint", command = "Command", workingDirectory = "WorkingDirectory"
    }
}

/// One version of a function (`$LATEST` or a published number) as `GetFunctionConfiguration`,
/// `ListVersionsByFunction` and `PublishVersion` describe it.
public struct FunctionConfiguration: Decodable, Sendable, Hashable {
    /// The function's name, `shop-dev-orders`.
    public var functionName: String
    /// The ARN; qualified with the version for a published one
    /// (`arn:aws:lambda:eu-central-1:123456789012:function:shop-dev-orders:7`).
    public var functionArn: String
    /// `$LATEST` or the version number, `7`.
    public var version: String
    /// The memory in MB.
    public var memorySize: Int?
    /// The timeout in seconds.
    public var timeout: Int?
    /// The environment variables; empty when there are none.
    public var environmentVariables: [String: String]
    /// The container overrides of an image function.
    public var imageConfig: FunctionImageConfig?
    /// How the last update went; absent right after creation.
    public var lastUpdateStatus: LastUpdateStatus?
    /// Whether it can be invoked.
    public var state: FunctionState?
    /// The SHA-256 of the code: for an image function, the image digest without `sha256:`.
    public var codeSha256: String?
    /// Changes on every update; `PublishVersion` and `UpdateAlias` can be made conditional on it.
    public var revisionId: String?
    /// `Image` or `Zip`.
    public var packageType: PackageType?
    /// The description (a published version's own one).
    public var description: String?

    /// A configuration from its parts.
    public init(
        functionName: String,
        functionArn: String,
        version: String,
        memorySize: Int? = nil,
        timeout: Int? = nil,
        environmentVariables: [String: String] = [:],
        imageConfig: FunctionImageConfig? = nil,
        lastUpdateStatus: LastUpdateStatus? = nil,
        state: FunctionState? = nil,
        codeSha256: String? = nil,
        revisionId: String? = nil,
        packageType: PackageType? = nil,
        description: String? = nil
    ) {
        self.functionName = functionName
        self.functionArn = functionArn
        self.version = version
        self.memorySize = memorySize
        self.timeout = timeout
        self.environmentVariables = environmentVariables
        self.imageConfig = imageConfig
        self.lastUpdateStatus = lastUpdateStatus
        self.state = state
        self.codeSha256 = codeSha256
        self.revisionId = revisionId
        self.packageType = packageType
        self.description = description
    }

    enum CodingKeys: String, CodingKey {
        case functionName = "FunctionName", functionArn = "FunctionArn", version = "Version"
        case memorySize = "MemorySize", timeout = "Timeout", environment = "Environment"
        case imageConfigResponse = "ImageConfigResponse", lastUpdateStatus = "LastUpdateStatus", state = "State"
        case codeSha256 = "CodeSha256", revisionId = "RevisionId", packageType = "PackageType"
        case description = "Description"
    }

    private struct Environment: Decodable {
        var variables: [String: String]?
        enum CodingKeys: String, CodingKey { case variables = "Variables" }
    }

    private struct ImageConfigResponse: Decodable {
        var imageConfig: FunctionImageConfig?
        enum CodingKeys: String, CodingKey { case imageConfig = "ImageConfig" }
    }

    /// Reads the members above; `Environment.Variables` and `ImageConfigResponse.ImageConfig`
    /// are flattened.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        functionName = try container.decode(String.self, forKey: .functionName)
        functionArn = try container.decode(String.self, forKey: .functionArn)
        version = try container.decode(String.self, forKey: .version)
        memorySize = try container.decodeIfPresent(Int.self, forKey: .memorySize)
        timeout = try container.decodeIfPresent(Int.self, forKey: .timeout)
        environmentVariables =
            try container.decodeIfPresent(Environment.self, forKey: .environment)?.variables ?? [:]
        imageConfig = try container.decodeIfPresent(ImageConfigResponse.self, forKey: .imageConfigResponse)?.imageConfig
        lastUpdateStatus = try container.decodeIfPresent(LastUpdateStatus.self, forKey: .lastUpdateStatus)
        state = try container.decodeIfPresent(FunctionState.self, forKey: .state)
        codeSha256 = try container.decodeIfPresent(String.self, forKey: .codeSha256)
        revisionId = try container.decodeIfPresent(String.self, forKey: .revisionId)
        packageType = try container.decodeIfPresent(PackageType.self, forKey: .packageType)
        description = try container.decodeIfPresent(String.self, forKey: .description)
    }
}

/// Where a function's code is: for an image function, the image as configured and as resolved
/// to a digest.
public struct FunctionCodeLocation: Decodable, Sendable, Hashable {
    /// `ECR` or `S3`.
    public var repositoryType: String?
    /// The image as configured, `…/orders:1.4.2` or `…/orders@sha256:…`.
    public var imageUri: String?
    /// The image pinned to the digest Lambda deployed, `…/orders@sha256:…`.
    public var resolvedImageUri: String?

    /// A location from its parts.
    public init(repositoryType: String? = nil, imageUri: String? = nil, resolvedImageUri: String? = nil) {
        self.repositoryType = repositoryType
        self.imageUri = imageUri
        self.resolvedImageUri = resolvedImageUri
    }

    enum CodingKeys: String, CodingKey {
        case repositoryType = "RepositoryType", imageUri = "ImageUri", resolvedImageUri = "ResolvedImageUri"
    }
}

/// The answer to `GetFunction`: the configuration, where the code is, and the function's tags.
public struct GetFunctionOutput: Decodable, Sendable, Hashable {
    /// The configuration of the version asked for (`$LATEST` by default).
    public var configuration: FunctionConfiguration
    /// Where the code is.
    public var code: FunctionCodeLocation?
    /// The function's tags; empty when there are none.
    public var tags: [String: String]

    /// An output from its parts.
    public init(configuration: FunctionConfiguration, code: FunctionCodeLocation? = nil, tags: [String: String] = [:]) {
        self.configuration = configuration
        self.code = code
        self.tags = tags
    }

    enum CodingKeys: String, CodingKey {
        case configuration = "Configuration", code = "Code", tags = "Tags"
    }

    /// Reads `Configuration`, `Code` and `Tags`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        configuration = try container.decode(FunctionConfiguration.self, forKey: .configuration)
        code = try container.decodeIfPresent(FunctionCodeLocation.self, forKey: .code)
        tags = try container.decodeIfPresent([String: String].self, forKey: .tags) ?? [:]
    }
}

/// One page of `ListVersionsByFunction`.
public struct ListVersionsByFunctionOutput: Decodable, Sendable, Hashable {
    /// The versions on this page, `$LATEST` first.
    public var versions: [FunctionConfiguration]
    /// The marker of the next page; `nil` on the last.
    public var nextMarker: String?

    /// A page from its parts.
    public init(versions: [FunctionConfiguration], nextMarker: String? = nil) {
        self.versions = versions
        self.nextMarker = nextMarker
    }

    enum CodingKeys: String, CodingKey { case versions = "Versions", nextMarker = "NextMarker" }

    /// Reads `Versions` (absent means none) and `NextMarker`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        versions = try container.decodeIfPresent([FunctionConfiguration].self, forKey: .versions) ?? []
        nextMarker = try container.decodeIfPresent(String.self, forKey: .nextMarker)
    }
}

/// The input of `PublishVersion`. `codeSha256` and `revisionId` make it conditional: Lambda
/// refuses to publish when `$LATEST` is no longer what the caller saw.
public struct PublishVersionInput: Sendable, Hashable {
    /// The function's name or ARN.
    public var functionName: String
    /// Publish only if `$LATEST`'s code has this SHA-256.
    public var codeSha256: String?
    /// The version's description (Ballast writes the commit and image there).
    public var description: String?
    /// Publish only if `$LATEST` has this revision (`PreconditionFailedException` otherwise).
    public var revisionId: String?

    /// An input from its parts.
    public init(functionName: String, codeSha256: String? = nil, description: String? = nil, revisionId: String? = nil)
    {
        self.functionName = functionName
        self.codeSha256 = codeSha256
        self.description = description
        self.revisionId = revisionId
    }

    struct Body: Encodable {
        var codeSha256: String?
        var description: String?
        var revisionId: String?
        enum CodingKeys: String, CodingKey {
            case codeSha256 = "CodeSha256", description = "Description", revisionId = "RevisionId"
        }
    }

    var body: Body { Body(codeSha256: codeSha256, description: description, revisionId: revisionId) }
}

/// The body of `TagResource`.
struct TagResourceBody: Encodable {
    var tags: [String: String]
    enum CodingKeys: String, CodingKey { case tags = "Tags" }
}

/// The answer to `ListTags`.
struct ListTagsOutput: Decodable {
    var tags: [String: String]
    enum CodingKeys: String, CodingKey { case tags = "Tags" }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        tags = try container.decodeIfPresent([String: String].self, forKey: .tags) ?? [:]
    }
}

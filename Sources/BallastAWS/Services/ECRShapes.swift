import Foundation

/// An image in a repository, named by tag or by digest (or both, which must then agree).
public struct ECRImageIdentifier: Codable, Sendable, Hashable {
    /// The tag, `1.4.2`.
    public var imageTag: String?
    /// The manifest digest, `sha256:…`.
    public var imageDigest: String?

    /// An identifier from its parts.
    public init(imageTag: String? = nil, imageDigest: String? = nil) {
        self.imageTag = imageTag
        self.imageDigest = imageDigest
    }

    /// The image tagged `tag`.
    public static func tag(_ tag: String) -> ECRImageIdentifier { ECRImageIdentifier(imageTag: tag) }
}

/// The input of `DescribeImages`.
public struct DescribeImagesInput: Encodable, Sendable, Hashable {
    /// The repository, `shop/orders`.
    public var repositoryName: String
    /// The account that owns the registry; the caller's when `nil`.
    public var registryId: String?
    /// The images to describe; every image in the repository when `nil`. AWS refuses
    /// `maxResults` together with `imageIds`.
    public var imageIds: [ECRImageIdentifier]?
    /// The token of the page to read, from the previous page's `nextToken`.
    public var nextToken: String?
    /// The most images on one page (1 to 1,000); only without `imageIds`.
    public var maxResults: Int?

    /// An input from its parts.
    public init(
        repositoryName: String,
        registryId: String? = nil,
        imageIds: [ECRImageIdentifier]? = nil,
        nextToken: String? = nil,
        maxResults: Int? = nil
    ) {
        self.repositoryName = repositoryName
        self.registryId = registryId
        self.imageIds = imageIds
        self.nextToken = nextToken
        self.maxResults = maxResults
    }
}

/// One image as `DescribeImages` describes it.
public struct ECRImageDetail: Decodable, Sendable, Hashable {
    /// The account that owns the registry.
    public var registryId: String?
    /// The repository.
    public var repositoryName: String?
    /// The manifest digest, `sha256:…`: what Ballast pins a function's image to.
    public var imageDigest: String
    /// The tags on the image; empty for an untagged one.
    public var imageTags: [String]
    /// When the image was pushed.
    public var imagePushedAt: Date?
    /// The size of the image in the registry, in bytes.
    public var imageSizeInBytes: Int?
    /// The media type of the manifest.
    public var imageManifestMediaType: String?

    /// A detail from its parts.
    public init(
        registryId: String? = nil,
        repositoryName: String? = nil,
        imageDigest: String,
        imageTags: [String] = [],
        imagePushedAt: Date? = nil,
        imageSizeInBytes: Int? = nil,
        imageManifestMediaType: String? = nil
    ) {
        self.registryId = registryId
        self.repositoryName = repositoryName
        self.imageDigest = imageDigest
        self.imageTags = imageTags
        self.imagePushedAt = imagePushedAt
        self.imageSizeInBytes = imageSizeInBytes
        self.imageManifestMediaType = imageManifestMediaType
    }

    enum CodingKeys: String, CodingKey {
        case registryId, repositoryName, imageDigest, imageTags, imagePushedAt, imageSizeInBytes
        case imageManifestMediaType
    }

    /// Reads the members above; AWS leaves `imageTags` out for an untagged image.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        registryId = try container.decodeIfPresent(String.self, forKey: .registryId)
        repositoryName = try container.decodeIfPresent(String.self, forKey: .repositoryName)
        imageDigest = try container.decode(String.self, forKey: .imageDigest)
        imageTags = try container.decodeIfPresent([String].self, forKey: .imageTags) ?? []
        imagePushedAt = try container.decodeIfPresent(Date.self, forKey: .imagePushedAt)
        imageSizeInBytes = try container.decodeIfPresent(Int.self, forKey: .imageSizeInBytes)
        imageManifestMediaType = try container.decodeIfPresent(String.self, forKey: .imageManifestMediaType)
    }
}

/// One page of `DescribeImages`.
public struct DescribeImagesOutput: Decodable, Sendable, Hashable {
    /// The images on this page.
    public var imageDetails: [ECRImageDetail]
    /// The token of the next page; `nil` on the last.
    public var nextToken: String?

    /// A page from its parts.
    public init(imageDetails: [ECRImageDetail], nextToken: String? = nil) {
        self.imageDetails = imageDetails
        self.nextToken = nextToken
    }

    enum CodingKeys: String, CodingKey { case imageDetails, nextToken }

    /// Reads `imageDetails` (absent means none) and `nextToken`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        imageDetails = try container.decodeIfPresent([ECRImageDetail].self, forKey: .imageDetails) ?? []
        nextToken = try container.decodeIfPresent(String.self, forKey: .nextToken)
    }
}

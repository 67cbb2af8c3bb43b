import Foundation

/// Amazon ECR over JSON 1.1: resolving an image tag to the digest Ballast pins functions to.
///
/// A tag or repository that does not exist is an `AWSError` whose `ecrErrorCode` is
/// `.imageNotFound` or `.repositoryNotFound`.
public struct ECR: AWSServiceClient {
    /// The `X-Amz-Target` prefix of every operation.
    public static let targetPrefix = "AmazonEC2ContainerRegistry_V20150921"
    /// Amazon ECR's names.
    public static let service = AWSService.ecr

    /// Where and how requests go.
    public var connection: ServiceConnection

    /// A client over `connection`, whose service should be `.ecr`.
    public init(connection: ServiceConnection) {
        self.connection = connection
    }

    /// One page of image details.
    ///
    /// Throws `AWSError` (`ImageNotFoundException` when an image in `input.imageIds` does not
    /// exist, `RepositoryNotFoundException`), `CredentialsError`, `RequestEncodingError` or
    /// `ResponseDecodingError`.
    public func describeImages(_ input: DescribeImagesInput) async throws -> DescribeImagesOutput {
        let operation = "DescribeImages"
        let request = try JSONRPCRequest(
            targetPrefix: Self.targetPrefix, operation: operation, version: .v1_1, input: input)
        return try await connection.send(operation: operation, request.wireRequest) { response in
            try decoding(operation) { try AWSJSONCoding.decode(DescribeImagesOutput.self, from: response.body) }
        }
    }

    /// Every image `input` asks for, following `nextToken` page by page from `input.nextToken`.
    ///
    /// Throws as `describeImages`, and `ResponseDecodingError` when a page hands back a token
    /// already seen (a loop).
    public func allImages(_ input: DescribeImagesInput) async throws -> [ECRImageDetail] {
        var input = input
        var images: [ECRImageDetail] = []
        var tokens = PageTokens(service: Self.serviceName, operation: "DescribeImages", path: "nextToken")
        repeat {
            let page = try await describeImages(input)
            images += page.imageDetails
            input.nextToken = try tokens.next(page.nextToken)
        } while input.nextToken != nil
        return images
    }

    /// The image tagged `tag` in `repositoryName` (of `registryId`'s registry, the caller's when
    /// `nil`): its digest, tags and push time.
    ///
    /// Throws `AWSError` with `ecrErrorCode` `.imageNotFound` when no image has the tag,
    /// `.repositoryNotFound` when there is no such repository; `ResponseDecodingError` when the
    /// answer names no image.
    public func image(tagged tag: String, in repositoryName: String, registryId: String? = nil) async throws
        -> ECRImageDetail
    {
        let page = try await describeImages(
            DescribeImagesInput(repositoryName: repositoryName, registryId: registryId, imageIds: [.tag(tag)]))
        guard let image = page.imageDetails.first else {
            throw ResponseDecodingError(
                service: Self.serviceName, operation: "DescribeImages", path: "imageDetails",
                reason: "empty for an existing tag")
        }
        return image
    }
}

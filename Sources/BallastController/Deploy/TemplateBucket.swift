import BallastAWS
import BallastModel
import BallastSynth
import Crypto
import Foundation

/// Where template bodies too large to send inline go: the versioned bucket
/// `ballast-templates-<account>-<region>`, created on first use, each object encrypted with
/// SSE-S3 and named by the stack and the hash of its bytes (so a retry or a second reconciler
/// writes the same object, and an older template stays readable by its own key).
public actor TemplateBucket {
    private let s3: S3
    private let sts: STS
    private let region: String
    private var bucket: String?

    /// The template bucket of `region`, reached through that region's clients.
    public init(s3: S3, sts: STS, region: String) {
        self.s3 = s3
        self.sts = sts
        self.region = region
    }

    /// How CloudFormation gets `stack`'s template: inline up to 51,200 bytes, otherwise by the
    /// URL of the object this uploads.
    public func source(for stack: SynthesizedStack) async throws -> TemplateSource {
        guard stack.needsUpload else { return .body(stack.body) }
        let bucket = try await ensuredBucket()
        let body = Data(stack.body.utf8)
        let digest = Hex.lowercase(SHA256.hash(data: body))
        let key = "stacks/\(stack.name)/\(digest).template.json"
        _ = try await s3.putObject(
            PutObjectInput(
                bucket: bucket, key: key, body: body, contentType: "application/json",
                serverSideEncryption: .aes256))
        return .url(try s3.objectURL(bucket: bucket, key: key).absoluteString)
    }

    /// The bucket's name once it exists and is versioned; set up once per process.
    private func ensuredBucket() async throws -> String {
        if let bucket { return bucket }
        let account = try await sts.getCallerIdentity().account
        let name = S3.templateBucketName(account: account, region: region)
        try await s3.ensureVersionedBucket(name)
        bucket = name
        return name
    }
}

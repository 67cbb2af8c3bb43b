import BallastAWS
import BallastHTTP
import BallastTestSupport
import Foundation
import Testing

/// Ballast's S3 client against the AWS emulator, path-style. Where Ballast's client has no read
/// for what a call changed (a bucket's location and versioning status), boto3 reads it back.
@Suite("S3 against the AWS emulator")
struct S3ServiceTests {
    static let bucket = S3.templateBucketName(account: EmulatorAccount.accountId, region: "us-east-1")

    struct Fixture {
        let emulator: LoopbackPeer
        let account: EmulatorAccount

        static func start() async throws -> Fixture {
            let emulator = try await LoopbackPeer.startEmulator()
            do {
                return Fixture(emulator: emulator, account: try EmulatorAccount(emulator))
            } catch {
                emulator.stop()
                throw error
            }
        }

        /// A client whose buckets are created in `region`.
        func s3(region: String = "us-east-1") throws -> S3 {
            try S3(
                configuration: account.configuration, region: region, client: account.client,
                credentials: account.credentials, now: { Date() })
        }

        /// What boto3 reads back: the bucket's location constraint and versioning status.
        func bucketSettings(_ bucket: String) async throws -> [String: String] {
            try await BotoScript.run(
                """
                import boto3, json
                s3 = boto3.client("s3")
                location = s3.get_bucket_location(Bucket="\(bucket)").get("LocationConstraint") or "us-east-1"
                versioning = s3.get_bucket_versioning(Bucket="\(bucket)").get("Status", "")
                print(json.dumps({"location": location, "versioning": versioning}))
                """, endpoint: emulator.endpoint, as: [String: String].self)
        }
    }

    @Test("CreateBucket: no LocationConstraint in us-east-1, eu-central-1's outside it")
    func createBucket() async throws {
        let fixture = try await Fixture.start()
        defer { fixture.emulator.stop() }
        let europe = S3.templateBucketName(account: EmulatorAccount.accountId, region: "eu-central-1")

        try await fixture.s3().createBucket(Self.bucket)
        try await fixture.s3(region: "eu-central-1").createBucket(europe)

        #expect(try await fixture.bucketSettings(Self.bucket)["location"] == "us-east-1")
        #expect(try await fixture.bucketSettings(europe)["location"] == "eu-central-1")

        let again = await #expect(throws: AWSError.self) {
            try await fixture.s3(region: "eu-central-1").createBucket(europe)
        }
        #expect(again?.s3ErrorCode == .bucketAlreadyOwnedByYou)
        #expect(again?.httpStatus == 409)
    }

    @Test("PutBucketVersioning turns versioning on; ensureVersionedBucket is safe to repeat")
    func versioning() async throws {
        let fixture = try await Fixture.start()
        defer { fixture.emulator.stop() }
        let s3 = try fixture.s3()

        try await s3.createBucket(Self.bucket)
        #expect(try await fixture.bucketSettings(Self.bucket)["versioning"] == "")
        try await s3.putBucketVersioning(Self.bucket, enabled: true)
        #expect(try await fixture.bucketSettings(Self.bucket)["versioning"] == "Enabled")

        let europe = try fixture.s3(region: "eu-central-1")
        let bucket = S3.templateBucketName(account: EmulatorAccount.accountId, region: "eu-central-1")
        try await europe.ensureVersionedBucket(bucket)
        try await europe.ensureVersionedBucket(bucket)
        #expect(try await fixture.bucketSettings(bucket) == ["location": "eu-central-1", "versioning": "Enabled"])
    }

    @Test(
        "PutObject with SSE AES256, then GetObject and HeadObject; a second put is a new version, the first still readable"
    )
    func objects() async throws {
        let fixture = try await Fixture.start()
        defer { fixture.emulator.stop() }
        let s3 = try fixture.s3()
        try await s3.ensureVersionedBucket(Self.bucket)
        let key = "stacks/shop-dev-compute/1a2b3c template.json"
        let large = Data(("{\"Resources\": {" + String(repeating: " ", count: 60_000) + "}}").utf8)
        #expect(large.count > 51_200)

        let first = try await s3.putObject(
            PutObjectInput(bucket: Self.bucket, key: key, body: large, contentType: "application/json"))
        #expect(first.serverSideEncryption == .aes256)
        let firstVersion = try #require(first.versionId)
        #expect(first.eTag != nil)

        let read = try await s3.getObject(bucket: Self.bucket, key: key)
        #expect(read.body == large)
        #expect(read.metadata.contentType == "application/json")
        #expect(read.metadata.serverSideEncryption == .aes256)
        #expect(read.metadata.versionId == firstVersion)
        #expect(read.metadata.eTag == first.eTag)

        let head = try #require(try await s3.headObject(bucket: Self.bucket, key: key))
        #expect(head.contentLength == large.count)
        #expect(head.contentType == "application/json")
        #expect(head.eTag == first.eTag)
        #expect(head.serverSideEncryption == .aes256)
        let modified = try #require(head.lastModified)
        #expect(abs(modified.timeIntervalSinceNow) < 600)

        let small = Data(#"{"Resources": {}}"#.utf8)
        let second = try await s3.putObject(
            PutObjectInput(bucket: Self.bucket, key: key, body: small, contentType: "application/json"))
        #expect(second.versionId != nil && second.versionId != firstVersion)
        #expect(try await s3.getObject(bucket: Self.bucket, key: key).body == small)
        #expect(try await s3.getObject(bucket: Self.bucket, key: key, versionId: firstVersion).body == large)
        #expect(
            try await s3.headObject(bucket: Self.bucket, key: key, versionId: firstVersion)?.contentLength
                == large.count)
    }

    @Test("HeadObject of a missing key is nil; GetObject of one is NoSuchKey; a missing bucket is NoSuchBucket")
    func missingObjects() async throws {
        let fixture = try await Fixture.start()
        defer { fixture.emulator.stop() }
        let s3 = try fixture.s3()
        try await s3.createBucket(Self.bucket)

        #expect(try await s3.headObject(bucket: Self.bucket, key: "no/such.json") == nil)
        let missingKey = await #expect(throws: AWSError.self) {
            try await s3.getObject(bucket: Self.bucket, key: "no/such.json")
        }
        #expect(missingKey?.s3ErrorCode == .noSuchKey)
        #expect(missingKey?.httpStatus == 404)
        let missingBucket = await #expect(throws: AWSError.self) {
            try await s3.putObject(PutObjectInput(bucket: "no-such-bucket", key: "a", body: Data("x".utf8)))
        }
        #expect(missingBucket?.s3ErrorCode == .noSuchBucket)
    }

    @Test("the TemplateURL is path-style at the emulator and names the object S3 serves")
    func templateURL() async throws {
        let fixture = try await Fixture.start()
        defer { fixture.emulator.stop() }
        let s3 = try fixture.s3()
        try await s3.ensureVersionedBucket(Self.bucket)
        let key = "stacks/shop dev/template.json"
        _ = try await s3.putObject(PutObjectInput(bucket: Self.bucket, key: key, body: Data("{}".utf8)))

        let url = try s3.objectURL(bucket: Self.bucket, key: key)
        let base = fixture.emulator.endpoint.absoluteString.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        #expect(url.absoluteString == "\(base)/\(Self.bucket)/stacks/shop%20dev/template.json")
        let served = try await BotoScript.run(
            """
            import boto3
            print(boto3.client("s3").get_object(Bucket="\(Self.bucket)", Key="\(key)")["Body"].read().decode())
            """, endpoint: fixture.emulator.endpoint)
        #expect(served.trimmingCharacters(in: .whitespacesAndNewlines) == "{}")
    }

    @Test("against AWS's own endpoint the TemplateURL is virtual-hosted; a bucket with dots stays path-style")
    func virtualHostedURL() throws {
        let client = AWSClient(transport: try HTTPTransport(configuration: TransportConfiguration(proxy: .none)))
        let s3 = try S3(
            configuration: AWSConfiguration(environment: AWSEnvironment(variables: ["AWS_REGION": "eu-central-1"])),
            region: "eu-central-1", client: client, credentials: nil, now: { Date() })
        #expect(s3.addressingStyle == .virtualHosted)
        let bucket = S3.templateBucketName(account: "123456789012", region: "eu-central-1")
        #expect(
            try s3.objectURL(bucket: bucket, key: "stacks/a b.json").absoluteString
                == "https://\(bucket).s3.eu-central-1.amazonaws.com/stacks/a%20b.json")
        #expect(
            try s3.objectURL(bucket: "my.bucket", key: "t.json").absoluteString
                == "https://s3.eu-central-1.amazonaws.com/my.bucket/t.json")
    }
}

import BallastAWS
import BallastTestSupport
import Foundation
import Testing

/// Ballast's ECR client against the AWS emulator. The repository and the pushed images are set
/// up with boto3 (`CreateRepository`, `PutImage`), which Ballast's client has no operation for.
@Suite("ECR against the AWS emulator")
struct ECRServiceTests {
    /// What the set-up pushed: tag → digest.
    struct Pushed: Decodable {
        let digests: [String: String]
    }

    /// The emulator, a client for it, and repository `shop/orders` with images tagged `1.4.2`
    /// and `1.5.0` (also `latest`). Each is pushed with the digest AWS would give it, the
    /// SHA-256 of its manifest.
    struct Fixture {
        let emulator: LoopbackPeer
        let ecr: ECR
        let pushed: Pushed

        static func start() async throws -> Fixture {
            let emulator = try await LoopbackPeer.startEmulator()
            do {
                let account = try EmulatorAccount(emulator)
                let ecr = try ECR(
                    configuration: account.configuration, region: "us-east-1", client: account.client,
                    credentials: account.credentials, now: { Date() })
                let pushed = try await BotoScript.run(
                    """
                    import boto3, hashlib, json
                    ecr = boto3.client("ecr")
                    ecr.create_repository(repositoryName="shop/orders")
                    digests = {}
                    for tags, layer in ((["1.4.2"], "1"), (["1.5.0", "latest"], "2")):
                        manifest = json.dumps({
                            "schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
                            "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 7023,
                                       "digest": "sha256:" + layer * 64},
                            "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
                                        "size": 32654, "digest": "sha256:" + layer * 64}]})
                        digest = "sha256:" + hashlib.sha256(manifest.encode()).hexdigest()
                        for tag in tags:
                            pushed = ecr.put_image(repositoryName="shop/orders", imageManifest=manifest, imageTag=tag,
                                                   imageDigest=digest)["image"]["imageId"]["imageDigest"]
                            assert pushed == digest, (pushed, digest)
                            digests[tag] = digest
                    print(json.dumps({"digests": digests}))
                    """, endpoint: emulator.endpoint, as: Pushed.self)
                return Fixture(emulator: emulator, ecr: ecr, pushed: pushed)
            } catch {
                emulator.stop()
                throw error
            }
        }
    }

    @Test("DescribeImages by tag gives the digest the image was pushed with, its tags and push time")
    func describeByTag() async throws {
        let fixture = try await Fixture.start()
        defer { fixture.emulator.stop() }

        let page = try await fixture.ecr.describeImages(
            DescribeImagesInput(
                repositoryName: "shop/orders", registryId: EmulatorAccount.accountId, imageIds: [.tag("1.4.2")]))
        let image = try #require(page.imageDetails.first)
        #expect(page.imageDetails.count == 1)
        #expect(image.imageDigest == fixture.pushed.digests["1.4.2"])
        #expect(image.imageTags == ["1.4.2"])
        #expect(image.repositoryName == "shop/orders")
        #expect(image.registryId == EmulatorAccount.accountId)
        let pushedAt = try #require(image.imagePushedAt)
        #expect(abs(pushedAt.timeIntervalSinceNow) < 600)

        let newer = try await fixture.ecr.image(tagged: "latest", in: "shop/orders")
        #expect(newer.imageDigest == fixture.pushed.digests["1.5.0"])
        #expect(Set(newer.imageTags) == ["1.5.0", "latest"])
    }

    @Test("a tag that was never pushed is ImageNotFoundException; a missing repository is RepositoryNotFoundException")
    func missingTagAndRepository() async throws {
        let fixture = try await Fixture.start()
        defer { fixture.emulator.stop() }

        let missingTag = await #expect(throws: AWSError.self) {
            try await fixture.ecr.image(tagged: "9.9.9", in: "shop/orders")
        }
        #expect(missingTag?.ecrErrorCode == .imageNotFound)
        #expect(missingTag?.operation == "DescribeImages")
        #expect(missingTag?.attempts == 1)

        let missingRepository = await #expect(throws: AWSError.self) {
            try await fixture.ecr.image(tagged: "1.4.2", in: "shop/payments")
        }
        #expect(missingRepository?.ecrErrorCode == .repositoryNotFound)
    }

    @Test("allImages lists every image of the repository")
    func allImages() async throws {
        let fixture = try await Fixture.start()
        defer { fixture.emulator.stop() }

        let images = try await fixture.ecr.allImages(DescribeImagesInput(repositoryName: "shop/orders"))
        #expect(Set(images.map(\.imageDigest)) == Set(fixture.pushed.digests.values))
        #expect(Set(images.flatMap(\.imageTags)) == ["1.4.2", "1.5.0", "latest"])
        let paged = try await fixture.ecr.allImages(DescribeImagesInput(repositoryName: "shop/orders", maxResults: 1))
        #expect(Set(paged.map(\.imageDigest)) == Set(fixture.pushed.digests.values))
    }

    @Test("DescribeImages with maxResults=1 gives one image a page and a nextToken to the next")
    func describePages() async throws {
        let fixture = try await Fixture.start()
        defer { fixture.emulator.stop() }

        let first = try await fixture.ecr.describeImages(
            DescribeImagesInput(repositoryName: "shop/orders", maxResults: 1))
        if first.imageDetails.count > 1, first.nextToken == nil {
            try Test.cancel("moto: DescribeImages ignores maxResults and nextToken (every image on one page)")
        }
        #expect(first.imageDetails.count == 1)
        let token = try #require(first.nextToken)
        let second = try await fixture.ecr.describeImages(
            DescribeImagesInput(repositoryName: "shop/orders", nextToken: token, maxResults: 1))
        #expect(second.imageDetails.count == 1)
        #expect(second.imageDetails.first?.imageDigest != first.imageDetails.first?.imageDigest)
    }
}

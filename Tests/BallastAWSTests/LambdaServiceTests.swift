import BallastAWS
import BallastTestSupport
import Foundation
import Testing

/// Ballast's Lambda client against the AWS emulator. The function itself (and any change to
/// `$LATEST` between publishes) is set up with boto3, since Ballast leaves functions to
/// CloudFormation and has no operation for it; every operation of the client is called and
/// checked here.
@Suite("Lambda against the AWS emulator")
struct LambdaServiceTests {
    static let repository = "123456789012.dkr.ecr.us-east-1.amazonaws.com/orders"
    static let image = "\(repository):1.4.2"

    /// The emulator, a client for it, and an image function `orders` with 256 MB, 30 s,
    /// `STAGE=dev` and a command override, running image `orders:1.4.2` pushed to the emulator's
    /// ECR (the emulator checks that a function's image exists, as AWS does), once it is no
    /// longer `Pending`.
    struct Fixture {
        let emulator: LoopbackPeer
        let lambda: Lambda
        let functionName = "orders"
        let functionArn: String
        /// The digest of the image the function runs, as ECR gave it at push.
        let imageDigest: String

        static func start() async throws -> Fixture {
            let emulator = try await LoopbackPeer.startEmulator()
            do {
                let account = try EmulatorAccount(emulator)
                let lambda = try Lambda(
                    configuration: account.configuration, region: "us-east-1", client: account.client,
                    credentials: account.credentials, now: { Date() })
                let created = try await BotoScript.run(
                    """
                    import boto3, hashlib, json
                    manifest = json.dumps({
                        "schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
                        "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 7023,
                                   "digest": "sha256:" + "c" * 64},
                        "layers": []})
                    digest = "sha256:" + hashlib.sha256(manifest.encode()).hexdigest()
                    ecr = boto3.client("ecr")
                    ecr.create_repository(repositoryName="orders")
                    ecr.put_image(repositoryName="orders", imageManifest=manifest, imageTag="1.4.2", imageDigest=digest)
                    role = boto3.client("iam").create_role(RoleName="orders", AssumeRolePolicyDocument=json.dumps({
                        "Version": "2012-10-17",
                        "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                                       "Action": "sts:AssumeRole"}]}))["Role"]["Arn"]
                    function = boto3.client("lambda").create_function(
                        FunctionName="orders", Role=role, PackageType="Image", Code={"ImageUri": "\(image)"},
                        MemorySize=256, Timeout=30, Environment={"Variables": {"STAGE": "dev"}},
                        ImageConfig={"Command": ["app.handler"]})
                    print(json.dumps({"arn": function["FunctionArn"], "digest": digest}))
                    """, endpoint: emulator.endpoint, as: [String: String].self)
                _ = try await Settled.function(lambda, "orders")
                return Fixture(
                    emulator: emulator, lambda: lambda, functionArn: try #require(created["arn"]),
                    imageDigest: try #require(created["digest"]))
            } catch {
                emulator.stop()
                throw error
            }
        }

        /// Changes `$LATEST`'s memory with boto3, so that there is something new to publish, and
        /// waits for the update to finish.
        func changeMemory(to megabytes: Int) async throws {
            _ = try await BotoScript.run(
                """
                import boto3
                boto3.client("lambda").update_function_configuration(FunctionName="\(functionName)", MemorySize=\(megabytes))
                """, endpoint: emulator.endpoint)
            _ = try await Settled.function(lambda, functionName)
        }

        /// Versions 1 (256 MB) and 2 (512 MB), published through Ballast's client.
        func publishTwoVersions() async throws {
            _ = try await lambda.publishVersion(PublishVersionInput(functionName: functionName))
            try await changeMemory(to: 512)
            _ = try await lambda.publishVersion(PublishVersionInput(functionName: functionName))
        }
    }

    @Test("GetFunction reads an image function: configuration, ImageUri and the digest-pinned ResolvedImageUri")
    func getFunction() async throws {
        let fixture = try await Fixture.start()
        defer { fixture.emulator.stop() }

        let function = try #require(try await fixture.lambda.getFunction("orders"))
        let configuration = function.configuration
        #expect(configuration.functionName == "orders")
        #expect(configuration.functionArn.hasPrefix(fixture.functionArn))
        #expect(configuration.version == "$LATEST")
        #expect(configuration.packageType == .image)
        #expect(configuration.memorySize == 256)
        #expect(configuration.timeout == 30)
        #expect(configuration.environmentVariables == ["STAGE": "dev"])
        #expect(configuration.imageConfig?.command == ["app.handler"])
        #expect(configuration.state == .active)
        #expect(configuration.lastUpdateStatus == .successful)
        #expect(configuration.codeSha256.map { "sha256:" + $0 } == fixture.imageDigest)
        #expect(function.code?.repositoryType == "ECR")
        #expect(function.code?.imageUri == Self.image)
        #expect(function.code?.resolvedImageUri == "\(Self.repository)@\(fixture.imageDigest)")
    }

    @Test("GetFunctionConfiguration reads $LATEST and a published version by qualifier")
    func getFunctionConfiguration() async throws {
        let fixture = try await Fixture.start()
        defer { fixture.emulator.stop() }
        try await fixture.publishTwoVersions()

        let latest = try #require(try await fixture.lambda.getFunctionConfiguration("orders"))
        #expect(latest.version == "$LATEST")
        #expect(latest.memorySize == 512)
        let first = try #require(try await fixture.lambda.getFunctionConfiguration("orders", qualifier: "1"))
        #expect(first.version == "1")
        #expect(first.memorySize == 256)
        #expect(first.functionArn == "\(fixture.functionArn):1")
    }

    @Test("a missing function, version or alias reads as nil, not as an error")
    func missingReadsAsNil() async throws {
        let fixture = try await Fixture.start()
        defer { fixture.emulator.stop() }

        #expect(try await fixture.lambda.getFunction("no-such-function") == nil)
        #expect(try await fixture.lambda.getFunctionConfiguration("no-such-function") == nil)
        #expect(try await fixture.lambda.getFunctionConfiguration("orders", qualifier: "9") == nil)
        #expect(try await fixture.lambda.getAlias(functionName: "orders", name: "live") == nil)
    }

    @Test(
        "PublishVersion publishes $LATEST once, returns the same version while nothing changed, and the next after a change"
    )
    func publishVersion() async throws {
        let fixture = try await Fixture.start()
        defer { fixture.emulator.stop() }

        let first = try await fixture.lambda.publishVersion(
            PublishVersionInput(functionName: "orders", description: "commit 1a2b3c"))
        #expect(first.version == "1")
        #expect(first.functionArn == "\(fixture.functionArn):1")
        #expect(first.memorySize == 256)
        #expect(first.description == "commit 1a2b3c")

        let again = try await fixture.lambda.publishVersion(PublishVersionInput(functionName: "orders"))
        #expect(again.version == "1", "no duplicate version without a change")

        try await fixture.changeMemory(to: 512)
        let second = try await fixture.lambda.publishVersion(
            PublishVersionInput(functionName: "orders", codeSha256: first.codeSha256, description: "memory 512"))
        #expect(second.version == "2")
        #expect(second.memorySize == 512)
    }

    @Test("PublishVersion with a stale RevisionId is refused with PreconditionFailedException")
    func publishVersionWithStaleRevision() async throws {
        let fixture = try await Fixture.start()
        defer { fixture.emulator.stop() }

        let before = try #require(try await fixture.lambda.getFunctionConfiguration("orders"))
        guard let revision = before.revisionId else {
            try Test.cancel(
                "moto: functions have no RevisionId (GetFunctionConfiguration returns none, PublishVersion ignores one)"
            )
        }
        try await fixture.changeMemory(to: 512)
        let error = await #expect(throws: AWSError.self) {
            try await fixture.lambda.publishVersion(PublishVersionInput(functionName: "orders", revisionId: revision))
        }
        #expect(error?.isStaleLambdaRevision == true)
    }

    @Test("allVersions lists $LATEST and every published version")
    func allVersions() async throws {
        let fixture = try await Fixture.start()
        defer { fixture.emulator.stop() }
        try await fixture.publishTwoVersions()

        let versions = try await fixture.lambda.allVersions(of: "orders")
        #expect(versions.map(\.version) == ["$LATEST", "1", "2"])
        #expect(versions.map(\.memorySize) == [512, 256, 512])
        let paged = try await fixture.lambda.allVersions(of: "orders", pageSize: 1)
        #expect(paged.map(\.version) == ["$LATEST", "1", "2"])
    }

    @Test("ListVersionsByFunction with MaxItems=1 gives one version a page and a NextMarker to the next")
    func listVersionsPages() async throws {
        let fixture = try await Fixture.start()
        defer { fixture.emulator.stop() }
        try await fixture.publishTwoVersions()

        let page = try await fixture.lambda.listVersionsByFunction("orders", maxItems: 1)
        if page.versions.count > 1, page.nextMarker == nil {
            try Test.cancel(
                "moto: ListVersionsByFunction ignores MaxItems and Marker (every version on one page, no NextMarker)")
        }
        #expect(page.versions.map(\.version) == ["$LATEST"])
        let marker = try #require(page.nextMarker)
        let next = try await fixture.lambda.listVersionsByFunction("orders", marker: marker, maxItems: 1)
        #expect(next.versions.map(\.version) == ["1"])
    }

    @Test("ListVersionsByFunction of a missing function is ResourceNotFoundException")
    func listVersionsOfMissingFunction() async throws {
        let fixture = try await Fixture.start()
        defer { fixture.emulator.stop() }

        let outcome: Result<ListVersionsByFunctionOutput, AWSError>
        do {
            outcome = .success(try await fixture.lambda.listVersionsByFunction("no-such-function"))
        } catch let error as AWSError {
            outcome = .failure(error)
        }
        if case .success(let page) = outcome, page.versions.isEmpty {
            try Test.cancel("moto: ListVersionsByFunction of a missing function answers 200 with no versions")
        }
        #expect(throws: AWSError.self) { try outcome.get() }
        if case .failure(let error) = outcome {
            #expect(error.lambdaErrorCode == .resourceNotFound)
            #expect(error.httpStatus == 404)
        }
    }

    @Test(
        "alias live: created at 1, 10% shifted to 2 with the current RevisionId, a stale RevisionId refused (412), promoted"
    )
    func aliasRollout() async throws {
        let fixture = try await Fixture.start()
        defer { fixture.emulator.stop() }
        try await fixture.publishTwoVersions()
        let lambda = fixture.lambda

        let created = try await lambda.createAlias(
            CreateAliasInput(functionName: "orders", name: "live", functionVersion: "1", description: "Ballast"))
        #expect(created.name == "live")
        #expect(created.aliasArn == "\(fixture.functionArn):live")
        #expect(created.functionVersion == "1")
        #expect(created.additionalVersionWeights.isEmpty)
        let createdRevision = try #require(created.revisionId)

        let read = try #require(try await lambda.getAlias(functionName: "orders", name: "live"))
        #expect(read == created)

        let shifted = try await lambda.updateAlias(
            UpdateAliasInput(
                functionName: "orders", name: "live", additionalVersionWeights: ["2": 0.1], revisionId: createdRevision)
        )
        #expect(shifted.functionVersion == "1")
        #expect(shifted.additionalVersionWeights == ["2": 0.1])
        #expect(shifted.revisionId != createdRevision)
        #expect(try await lambda.getAlias(functionName: "orders", name: "live") == shifted)

        let refused = await #expect(throws: AWSError.self) {
            try await lambda.updateAlias(
                UpdateAliasInput(
                    functionName: "orders", name: "live", functionVersion: "2", additionalVersionWeights: [:],
                    revisionId: createdRevision))
        }
        #expect(refused?.isStaleLambdaRevision == true)
        #expect(refused?.lambdaErrorCode == .preconditionFailed)
        #expect(refused?.httpStatus == 412)
        #expect(refused?.operation == "UpdateAlias")
        #expect(refused?.attempts == 1, "a stale revision is not retried")
        #expect(
            try await lambda.getAlias(functionName: "orders", name: "live") == shifted,
            "the refused update changed nothing")

        let promoted = try await lambda.updateAlias(
            UpdateAliasInput(
                functionName: "orders", name: "live", functionVersion: "2", additionalVersionWeights: [:],
                revisionId: shifted.revisionId))
        #expect(promoted.functionVersion == "2")
        #expect(promoted.additionalVersionWeights.isEmpty)
        #expect(promoted.revisionId != shifted.revisionId)
    }

    @Test("ListAliases lists every alias with its weights; DeleteFunction of a version spares aliased ones")
    func aliasesAndVersionDeletion() async throws {
        let fixture = try await Fixture.start()
        defer { fixture.emulator.stop() }
        try await fixture.publishTwoVersions()
        try await fixture.changeMemory(to: 1024)
        _ = try await fixture.lambda.publishVersion(PublishVersionInput(functionName: "orders"))
        let lambda = fixture.lambda
        _ = try await lambda.createAlias(
            CreateAliasInput(
                functionName: "orders", name: "live", functionVersion: "2", additionalVersionWeights: ["3": 0.25]))
        _ = try await lambda.createAlias(CreateAliasInput(functionName: "orders", name: "old", functionVersion: "1"))

        let aliases = try await lambda.allAliases(of: "orders").sorted { $0.name < $1.name }
        #expect(aliases.map(\.name) == ["live", "old"])
        #expect(aliases.first?.additionalVersionWeights == ["3": 0.25])

        let refused = await #expect(throws: AWSError.self) { try await lambda.deleteVersion("orders", version: "3") }
        #expect(refused?.lambdaErrorCode == .resourceConflict)
        #expect(refused?.httpStatus == 409)
        await #expect(throws: RequestEncodingError.self) {
            try await lambda.deleteVersion("orders", version: "$LATEST")
        }

        _ = try await lambda.updateAlias(UpdateAliasInput(functionName: "orders", name: "old", functionVersion: "2"))
        try await lambda.deleteVersion("orders", version: "1")
        #expect(try await lambda.allVersions(of: "orders").map(\.version) == ["$LATEST", "2", "3"])
        let missing = await #expect(throws: AWSError.self) { try await lambda.deleteVersion("orders", version: "1") }
        #expect(missing?.lambdaErrorCode == .resourceNotFound)
    }

    @Test("CreateAlias of an alias that exists is ResourceConflictException")
    func createExistingAlias() async throws {
        let fixture = try await Fixture.start()
        defer { fixture.emulator.stop() }
        try await fixture.publishTwoVersions()

        _ = try await fixture.lambda.createAlias(
            CreateAliasInput(functionName: "orders", name: "live", functionVersion: "1"))
        let error = await #expect(throws: AWSError.self) {
            try await fixture.lambda.createAlias(
                CreateAliasInput(functionName: "orders", name: "live", functionVersion: "2"))
        }
        #expect(error?.httpStatus == 409)
        #expect(try await fixture.lambda.getAlias(functionName: "orders", name: "live")?.functionVersion == "1")
        #expect(error?.lambdaErrorCode == .resourceConflict)
    }

    @Test("tags round trip: a ballast:rollout JSON value is kept as written; untag removes only the keys named")
    func tags() async throws {
        let fixture = try await Fixture.start()
        defer { fixture.emulator.stop() }
        let lambda = fixture.lambda
        let rollout =
            #"{"from":"1","to":"2","step":1,"stepStartedAt":"2026-11-26T07:12:24Z","commit":"1a2b3c","digest":"sha256:ab"}"#

        try await lambda.tagResource(
            resourceArn: fixture.functionArn, tags: ["ballast:rollout": rollout, "team": "shop", "cost": "a"])
        #expect(
            try await lambda.listTags(resourceArn: fixture.functionArn)
                == ["ballast:rollout": rollout, "team": "shop", "cost": "a"])
        #expect(try await lambda.getFunction("orders")?.tags["ballast:rollout"] == rollout)

        try await lambda.tagResource(resourceArn: fixture.functionArn, tags: ["team": "payments"])
        try await lambda.untagResource(resourceArn: fixture.functionArn, keys: ["ballast:rollout", "cost"])
        #expect(try await lambda.listTags(resourceArn: fixture.functionArn) == ["team": "payments"])
    }
}

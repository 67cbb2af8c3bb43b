import BallastAWS
import BallastTestSupport
import Foundation
import Testing

/// Ballast's Lambda `Invoke` against the AWS emulator, whose image function runs a Python
/// handler named by its image's manifest (`controller/ballast_emulator/handlers.py`): the
/// handler echoes the event and the version that ran, and raises when the event asks it to.
@Suite("Lambda Invoke against the AWS emulator")
struct LambdaInvokeTests {
    static let handler = """
        def handler(event, context):
            if event.get("fail"):
                raise ValueError("asked to fail")
            return {"version": context.function_version, "event": event}
        """

    @Test("Invoke of a version runs that version with the payload; a failure is an answer with FunctionError")
    func invokeVersion() async throws {
        let emulator = try await LoopbackPeer.startEmulator()
        defer { emulator.stop() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ballast-invoke-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let handlerFile = folder.appendingPathComponent("echo.py")
        try Self.handler.write(to: handlerFile, atomically: true, encoding: .utf8)
        _ = try await BotoScript.run(
            """
            import boto3, hashlib, json
            manifest = json.dumps({
                "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "size": 7023,
                           "digest": "sha256:" + "d" * 64},
                "layers": [], "annotations": {"ballast.emulator.handler": "\(handlerFile.path)"}})
            digest = "sha256:" + hashlib.sha256(manifest.encode()).hexdigest()
            ecr = boto3.client("ecr")
            ecr.create_repository(repositoryName="echo")
            ecr.put_image(repositoryName="echo", imageManifest=manifest, imageTag="1", imageDigest=digest)
            role = boto3.client("iam").create_role(RoleName="echo", AssumeRolePolicyDocument=json.dumps({
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                               "Action": "sts:AssumeRole"}]}))["Role"]["Arn"]
            boto3.client("lambda").create_function(
                FunctionName="echo", Role=role, PackageType="Image",
                Code={"ImageUri": "123456789012.dkr.ecr.us-east-1.amazonaws.com/echo:1"}, Timeout=5)
            print("{}")
            """, endpoint: emulator.endpoint)
        let account = try EmulatorAccount(emulator)
        let lambda = try Lambda(
            configuration: account.configuration, region: "us-east-1", client: account.client,
            credentials: account.credentials, now: { Date() })
        _ = try await Settled.function(lambda, "echo")
        _ = try await lambda.publishVersion(PublishVersionInput(functionName: "echo"))

        let answer = try await lambda.invoke("echo", qualifier: "1", payload: Data(#"{"path": "/orders"}"#.utf8))
        #expect(answer.statusCode == 200)
        #expect(answer.functionError == nil)
        #expect(answer.executedVersion == "1")
        let document = try JSONSerialization.jsonObject(with: answer.payload) as? [String: Any]
        #expect(document?["version"] as? String == "1")
        #expect((document?["event"] as? [String: Any])?["path"] as? String == "/orders")

        let failed = try await lambda.invoke("echo", qualifier: "1", payload: Data(#"{"fail": true}"#.utf8))
        #expect(failed.functionError == "Unhandled")
        let error = try JSONSerialization.jsonObject(with: failed.payload) as? [String: Any]
        #expect(error?["errorType"] as? String == "ValueError")
        #expect(error?["errorMessage"] as? String == "asked to fail")

        let missing = await #expect(throws: AWSError.self) {
            _ = try await lambda.invoke("echo", qualifier: "9", payload: Data("{}".utf8))
        }
        #expect(missing?.operation == "Invoke")
        #expect(missing?.code == "ResourceNotFoundException")
    }
}

import BallastAWS
import BallastController
import BallastHTTP
import BallastModel
import BallastSynth
import BallastTestSupport
import Foundation
import Logging

/// A small desired state in a temporary folder, and a session to the suite's emulator
/// (`.emulatorPerSuite`): project `project`, stage `dev` in us-east-1 (a network of one AZ and
/// the alarm topic) rolling out by `rollout`, with one handler `orders` (no database, no API)
/// whose image `<project>-orders:dev` is pushed to the emulator's ECR, and the raw templates
/// given. Each test names its own project, so the tests of a suite share the emulator.
final class EmulatorStage: Sendable {
    let emulator: LoopbackPeer
    let folder: TemporaryDirectory
    let session: AWSSession
    let project: String

    /// `handler` is the Python file (in the repository) the first image runs when invoked;
    /// `withFunction: false` leaves the handler out.
    init(
        project: String, rollout: String = "{ strategy: allAtOnce }", withFunction: Bool = true,
        alarms: String = "{ errors: 1, durationMs: 3000 }", templates: [String: String] = [:],
        handler: String = "Tests/Support/handlers/answers.py"
    ) async throws {
        emulator = try EmulatorPerSuite.emulator()
        folder = try TemporaryDirectory(prefix: "ballast-in-process")
        self.project = project
        session = try AWSSession(
            environment: AWSEnvironment(
                variables: BallastExecutable.awsEnvironment(endpoint: emulator.url, home: folder.url)),
            transport: TransportConfiguration(proxy: .none))
        try folder.write("desired/ballast.yaml", SmallDesiredState.project(project, rollout: rollout))
        for (name, body) in templates { try writeTemplate(name, body) }
        if withFunction {
            try folder.write(
                "desired/functions/orders.yaml",
                """
                name: orders
                image: \(image)
                memoryMiB: 256
                timeout: 10s
                alarms: \(alarms)
                """)
            try await push(handler: handler)
        }
    }

    deinit { session.shutdown() }

    /// The handler's image: a tag the tests push again for a new image.
    var image: String { "123456789012.dkr.ecr.us-east-1.amazonaws.com/\(project)-orders:dev" }

    var naming: Naming { Naming(project: project, stage: "dev") }

    /// The handler's Lambda function.
    var functionName: String { naming.functionName("orders") }

    /// Pushes the image tag; each distinct `seed` is another image under the same tag, running
    /// `handler` when invoked (`Tests/Support/deploy_synth_output.py`, as the CLI tests do).
    func push(seed: String? = nil, handler: String = "Tests/Support/handlers/answers.py") async throws {
        try await PythonScript.running(
            "Tests/Support/deploy_synth_output.py",
            [
                "--endpoint", emulator.url, "--stage", "dev", "--region", "us-east-1", "--push-images", image,
                "--handler", LoopbackPeer.repositoryRoot.appendingPathComponent(handler).path,
            ] + (seed.map { ["--repush", $0] } ?? []))
    }

    /// Writes (or replaces) the raw template `templates/<name>.yaml`, deployed as
    /// `<project>-dev-<name>`.
    func writeTemplate(_ name: String, _ body: String) throws {
        try folder.write("desired/templates/\(name).yaml", body)
    }

    /// The desired state as it is in the folder now, and its stage `dev`.
    func desired() throws -> (state: DesiredState, stage: Stage) {
        let state = try DesiredStateLoader.load(directory: folder.url.appendingPathComponent("desired").path)
        guard let stage = state.stage(named: "dev") else {
            throw LoopbackPeer.Failure(description: "the desired state has no stage dev")
        }
        return (state, stage)
    }

    /// The handler as the desired state resolves it for `dev`.
    func function() throws -> ResolvedFunction {
        let (state, stage) = try desired()
        guard let function = state.functions(in: stage).first(where: { $0.name == "orders" }) else {
            throw LoopbackPeer.Failure(description: "the desired state has no handler orders")
        }
        return function
    }

    func clients() throws -> RegionClients { try session.clients(region: "us-east-1") }

    static let log = Logger(label: "ballast-test")

    /// A reconciler over the session, as `ballast reconcile` makes one.
    func reconciler() -> Reconciler { Reconciler(session: session, log: Self.log) }

    /// A rollout driver of the stage's region, as the reconciler makes one.
    func driver() throws -> RolloutDriver {
        let clients = try clients()
        return RolloutDriver(lambda: clients.lambda, cloudWatch: clients.cloudWatch, log: Self.log)
    }

    /// What `live` routes: the version it points at and the weights beside it.
    func live() async throws -> FunctionAlias? {
        try await clients().lambda.getAlias(functionName: functionName, name: Naming.liveAlias)
    }
}

import ArgumentParser
import BallastAWS
import BallastAWSSigning
import BallastChildProcess
import BallastHTTP
import Foundation

/// The AWS client's benchmarks: `aws-describe-stacks` (1,000 sequential DescribeStacks calls
/// with Ballast's client against the AWS emulator), `aws-describe-stacks-boto3` (the same
/// 1,000 calls with boto3 in one Python process, against its own emulator), and
/// `aws-client-overhead` (signing, serialising and parsing a recorded DescribeStacks response
/// 10,000 times, without the network). `run` prints the per-call figures and the ratio.
enum AWSComparison {
    /// Calls per repetition of the two DescribeStacks scenarios.
    static let calls = 1000
    /// Iterations per repetition of `aws-client-overhead`.
    static let overheadIterations = 10_000
    /// The one stack the calls describe.
    static let stackName = "ballast-bench"
    /// Its template: one SNS topic, an exported output and a parameter, so the response has a
    /// little of everything.
    static let template = """
        Parameters:
          Threshold:
            Type: Number
            Default: 5
        Resources:
          Topic:
            Type: AWS::SNS::Topic
            Properties:
              TopicName: ballast-bench
        Outputs:
          TopicArn:
            Value: !Ref Topic
            Export:
              Name: ballast-bench-topic

        """

    static func measure(_ scenario: Scenario, repetitions: Int) throws -> Measurement {
        switch scenario {
        case .awsClientOverhead: return try overhead(repetitions: repetitions)
        case .awsDescribeStacksBoto3: return try boto3(repetitions: repetitions)
        default: return try describeStacks(repetitions: repetitions)
        }
    }

    /// Ballast's client: one stack created, 10 warm-up calls, then `calls` sequential
    /// `describeStack` per repetition.
    private static func describeStacks(repetitions: Int) throws -> Measurement {
        let emulator = try BenchEmulator.start()
        defer { emulator.stop() }
        let environment = AWSEnvironment(variables: [
            "AWS_ENDPOINT_URL": emulator.endpoint, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
        ])
        let configuration = AWSConfiguration(environment: environment)
        let client = AWSClient(transport: try HTTPTransport(configuration: TransportConfiguration(proxy: .none)))
        let credentials = try EnvironmentCredentials(environment: environment)
        let service = try CloudFormation(
            configuration: configuration, region: "us-east-1", client: client, credentials: credentials,
            now: { Date() })
        let calls = calls
        let stackName = stackName
        try Blocking.run {
            _ = try await service.createStack(CreateStackInput(name: stackName, template: .body(template)))
            for _ in 0..<10 { _ = try await service.describeStack(name: stackName) }
        }
        return try Timing.measure(.awsDescribeStacks, repetitions: repetitions) {
            try Blocking.run {
                for _ in 0..<calls {
                    guard try await service.describeStack(name: stackName) != nil else {
                        throw ValidationError("the benchmark stack is missing")
                    }
                }
            }
        }
    }

    /// boto3 in one Python process: the same stack, warm-up and calls, timed in Python with
    /// `perf_counter` and `process_time` (Python's start and boto3's import are not counted).
    private static func boto3(repetitions: Int) throws -> Measurement {
        let emulator = try BenchEmulator.start()
        defer { emulator.stop() }
        let script = """
            import json, resource, sys, time
            import boto3
            calls, repetitions, name, template = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
            cf = boto3.client("cloudformation")
            cf.create_stack(StackName=name, TemplateBody=template)
            for _ in range(10):
                cf.describe_stacks(StackName=name)
            wall, cpu = [], []
            for _ in range(repetitions):
                w, c = time.perf_counter(), time.process_time()
                for _ in range(calls):
                    assert cf.describe_stacks(StackName=name)["Stacks"]
                wall.append(time.perf_counter() - w)
                cpu.append(time.process_time() - c)
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(json.dumps({"wall": wall, "cpu": cpu, "peak": peak}))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, "\(calls)", "\(max(1, repetitions))", stackName, template]
        var variables = ProcessInfo.processInfo.environment
        for key in variables.keys where key.hasPrefix("AWS_") { variables[key] = nil }
        variables["AWS_ENDPOINT_URL"] = emulator.endpoint
        variables["AWS_ACCESS_KEY_ID"] = "testing"
        variables["AWS_SECRET_ACCESS_KEY"] = "testing"
        variables["AWS_DEFAULT_REGION"] = "us-east-1"
        variables["AWS_CONFIG_FILE"] = "/dev/null"
        variables["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null"
        process.environment = variables
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ValidationError(
                "the boto3 benchmark failed (is boto3 installed? pip install -r .ci/requirements.txt)")
        }
        struct Figures: Decodable {
            var wall: [Double]
            var cpu: [Double]
            var peak: Double
        }
        let figures = try JSONDecoder().decode(Figures.self, from: data)
        return Measurement(
            scenario: Scenario.awsDescribeStacksBoto3.rawValue, functions: 0, repetitions: figures.wall.count,
            wallMillisecondsMedian: Timing.median(figures.wall) * 1000,
            wallMillisecondsMin: (figures.wall.min() ?? 0) * 1000,
            cpuMillisecondsMedian: Timing.median(figures.cpu) * 1000, peakResidentMiB: figures.peak)
    }

    /// What one call costs Ballast's client besides the network, as `ServiceConnection` and
    /// `CloudFormation` do it: the query body, the URL, a SigV4 signature (signing key
    /// included), and decoding a recorded moto DescribeStacks response.
    private static func overhead(repetitions: Int) throws -> Measurement {
        let endpoint = URL(string: "https://cloudformation.eu-central-1.amazonaws.com") ?? URL(fileURLWithPath: "/")
        let credentials = AWSCredentials(accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "testing")
        let body = Data(recordedDescribeStacks.utf8)
        let iterations = overheadIterations
        return try Timing.measure(.awsClientOverhead, repetitions: repetitions) {
            for _ in 0..<iterations {
                let request = QueryRequest(
                    action: "DescribeStacks", version: CloudFormation.apiVersion,
                    parameters: ["StackName": .string(stackName)])
                let wire = request.wireRequest
                guard let url = wire.url(endpoint: endpoint) else { throw ValidationError("no URL") }
                let signer = SigV4Signer(credentials: credentials, region: "eu-central-1", service: "cloudformation")
                let signed = try HTTPRequest.signed(
                    method: wire.method, url: url, headers: wire.headers, body: wire.body, signer: signer, date: Date())
                let output = try QueryResponse.decode(DescribeStacksOutput.self, action: request.action, from: body)
                guard output.stacks.count == 1, !signed.headers.isEmpty else { throw ValidationError("bad decode") }
            }
        }
    }

    /// A DescribeStacks response as moto gives it for `template`.
    static let recordedDescribeStacks = """
        <DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><DescribeStacksResult>\
        <Stacks><member><StackId>arn:aws:cloudformation:us-east-1:123456789012:stack/ballast-bench/\
        01ccc258-7c52-4af7-b28f-11e89632b0ca</StackId><StackName>ballast-bench</StackName><Parameters><member>\
        <ParameterKey>Threshold</ParameterKey><ParameterValue>5</ParameterValue></member></Parameters>\
        <CreationTime>2026-11-26T07:24:22.171905Z</CreationTime><StackStatus>CREATE_COMPLETE</StackStatus>\
        <DisableRollback>false</DisableRollback><NotificationARNs/><Outputs><member><OutputKey>TopicArn</OutputKey>\
        <OutputValue>arn:aws:sns:us-east-1:123456789012:ballast-bench</OutputValue>\
        <ExportName>ballast-bench-topic</ExportName></member></Outputs><Tags><member><Key>managed-by</Key>\
        <Value>ballast</Value></member></Tags><EnableTerminationProtection>false</EnableTerminationProtection>\
        </member></Stacks></DescribeStacksResult><ResponseMetadata>\
        <RequestId>toykOasalotKBwsqUqtgtC16eOVfANM1K9wPzlLvBko7AvzpbbiZ</RequestId></ResponseMetadata>\
        </DescribeStacksResponse>
        """
}

/// Repetitions of a piece of work, timed as `Scenario.measure` times the others.
enum Timing {
    static func measure(_ scenario: Scenario, repetitions: Int, _ work: () throws -> Void) throws -> Measurement {
        var wall: [Double] = []
        var cpu: [Double] = []
        for _ in 0..<max(1, repetitions) {
            let cpuBefore = ResourceUsage.cpuSeconds()
            let start = ContinuousClock.now
            try work()
            let elapsed = ContinuousClock.now - start
            cpu.append(ResourceUsage.cpuSeconds() - cpuBefore)
            wall.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
        return Measurement(
            scenario: scenario.rawValue, functions: 0, repetitions: wall.count,
            wallMillisecondsMedian: median(wall) * 1000, wallMillisecondsMin: (wall.min() ?? 0) * 1000,
            cpuMillisecondsMedian: median(cpu) * 1000, peakResidentMiB: ResourceUsage.peakResidentMiB())
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }
}

/// Runs async work from the benchmark's synchronous main thread (never a concurrency thread)
/// and waits for it.
enum Blocking {
    private final class Outcome: Sendable {
        private let error = Protected<(any Error)?>(nil)

        func finish(_ error: (any Error)?) {
            self.error.withLock { $0 = error }
        }

        func result() throws {
            if let error = error.current { throw error }
        }
    }

    static func run(_ work: @escaping @Sendable () async throws -> Void) throws {
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        Task {
            do {
                try await work()
                outcome.finish(nil)
            } catch {
                outcome.finish(error)
            }
            done.signal()
        }
        done.wait()
        try outcome.result()
    }
}

/// `controller/aws-emulator` on a free loopback port, for one benchmark process. Its request
/// log goes to a temporary file (a pipe nobody reads would fill up and stall it).
final class BenchEmulator {
    let endpoint: String
    private let peer: LoopbackPeer

    private init(peer: LoopbackPeer) {
        self.peer = peer
        endpoint = peer.url
    }

    /// Starts it from the repository root (the working directory) with `arguments` (its
    /// options) and waits for its "listening" line. Its latency profile is `instant` unless
    /// `arguments` name one: the benchmarks measure Ballast's own time, requests and memory
    /// against a peer that answers at once (BENCHMARKS.md), not the emulator's waits, which
    /// `fast` (the emulator's default, for tests) adds.
    static func start(_ arguments: [String] = []) throws -> BenchEmulator {
        let arguments = arguments.contains("--latency") ? arguments : ["--latency", "instant"] + arguments
        var command = LoopbackPeer.Command.emulator(
            repositoryRoot: URL(fileURLWithPath: FileManager.default.currentDirectoryPath), arguments: arguments)
        command.log =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("ballast-bench-emulator-\(ProcessInfo.processInfo.processIdentifier).log").path
        do {
            return BenchEmulator(peer: try LoopbackPeer(starting: command))
        } catch {
            throw ValidationError(
                "the AWS emulator did not start (pip install -r .ci/requirements.txt; run from the repository root): "
                    + "\(error)")
        }
    }

    /// Stops it, waits for it to exit, and removes its log.
    func stop() {
        peer.stop()
    }
}

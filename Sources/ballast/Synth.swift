import ArgumentParser
import BallastController
import BallastModel
import BallastSynth
import Crypto
import Foundation

/// `ballast synth`: write the CloudFormation templates of every stage and their manifest.
struct Synth: AsyncParsableCommand, LoggingCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Write DIR/<stage>/<stack>.template.json for every stack and DIR/manifest.json.",
        discussion: """
            Images keep their tags and no network is touched, unless --resolve-images pins them to \
            their digests through ECR. When DIR already holds a manifest, its placement of \
            functions in split stacks is kept, so adding a function never moves another.
            """)

    @OptionGroup var desiredOptions: DesiredOptions

    @Option(name: .long, help: "Only this stage (default: every stage).")
    var stage: String?

    @Option(name: .long, help: "Output folder.")
    var out: String

    @Flag(name: .long, help: "Resolve image tags to digests through ECR and pin them.")
    var resolveImages = false

    @OptionGroup(title: "Logging") var log: LogOptions

    func run() async throws {
        let state = try await DesiredStateCommandSupport.load(desiredOptions)
        var stages = state.stages
        if let name = stage {
            guard let selected = state.stage(named: name) else {
                throw CommandFailure(
                    "unknown stage '\(name)'; stages: \(state.stages.map(\.name).joined(separator: ", "))")
            }
            stages = [selected]
        }
        let output = try SynthOutput(path: out, desired: desiredOptions.repo == nil ? desiredOptions.desired : nil)
        let previous = output.previousManifest
        var restricted = state
        restricted.stages = stages
        try output.checkOverlap(stages: stages.map(\.name))
        let digests = resolveImages ? try await Self.digests(of: restricted) : [:]
        let assembly: CloudAssembly
        do {
            assembly = try Synthesizer.synthesize(
                restricted,
                options: Synthesizer.Options(imageDigests: digests, previousPlacement: previous?.placements ?? [:]))
        } catch {
            throw CommandFailure(error.message)
        }
        let manifest = Manifest(assembly, sha256: Self.sha256)
        try output.write(assembly, manifest: manifest)
        for entry in manifest.stages {
            print("\(entry.name) (\(entry.region)):")
            for stack in entry.stacks {
                let upload = stack.needsUpload ? ", upload to S3" : ""
                print("  \(stack.name): \(stack.resources) resources, \(stack.bytes) bytes\(upload)")
            }
        }
        print("wrote \(manifest.stages.reduce(0) { $0 + $1.stacks.count }) templates and manifest.json to \(out)")
    }

    /// Image text → digest for every tagged image of every stage, through ECR.
    static func digests(of state: DesiredState) async throws -> [String: String] {
        let session = try AWSAccess.session()
        defer { session.shutdown() }
        var digests: [String: String] = [:]
        for stage in state.stages {
            do {
                let reader = LiveReader(clients: try session.clients(region: stage.region))
                digests.merge(try await reader.resolveImages(state.functions(in: stage).map(\.image))) { $1 }
            } catch {
                throw CommandFailure("stage \(stage.name): \(error)")
            }
        }
        return digests
    }

    static func sha256(_ text: String) -> String {
        Hex.lowercase(SHA256.hash(data: Data(text.utf8)))
    }
}

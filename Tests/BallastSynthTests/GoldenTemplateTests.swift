import BallastSynth
import Foundation
import Testing

/// The example's templates, compared byte for byte with the reviewed golden files.
///
/// After an intended change, regenerate them and review the diff:
/// `BALLAST_UPDATE_GOLDEN=1 swift test --filter GoldenTemplateTests`.
@Suite("golden templates of the example")
struct GoldenTemplateTests {
    static let updating = ProcessInfo.processInfo.environment["BALLAST_UPDATE_GOLDEN"] == "1"

    @Test("every stack and the manifest equal the golden files")
    func matchesGolden() throws {
        let assembly = try Synthesizer.synthesize(try SynthFixtures.example())
        let golden = SynthFixtures.goldenDirectory
        if Self.updating {
            try? FileManager.default.removeItem(at: golden)
            try SynthFixtures.write(assembly, to: golden)
        }
        var expectedFiles = Set<String>()
        for stage in assembly.stages {
            for stack in stage.stacks {
                let file = Manifest.templateFile(stage: stage.stage.name, stack: stack.name)
                expectedFiles.insert(file)
                let goldenText = try String(contentsOf: golden.appendingPathComponent(file), encoding: .utf8)
                #expect(stack.body == goldenText, "\(file) differs from its golden file")
            }
        }
        let manifest = try String(contentsOf: golden.appendingPathComponent("manifest.json"), encoding: .utf8)
        let synthesizedManifest = try SynthFixtures.manifestText(assembly)
        #expect(synthesizedManifest == manifest)
        // No stale golden file for a stack that is no longer synthesized.
        let onDisk = try FileManager.default.subpathsOfDirectory(atPath: golden.path).filter {
            $0.hasSuffix(".template.json")
        }
        #expect(Set(onDisk) == expectedFiles)
    }

    @Test("the example has the stacks of the design, in deployment order")
    func stackOrder() throws {
        let assembly = try Synthesizer.synthesize(try SynthFixtures.example())
        let prod = try #require(assembly.stages.first { $0.stage.name == "prod" })
        #expect(
            prod.stacks.map(\.name) == [
                "shop-prod-network", "shop-prod-database", "shop-prod-compute", "shop-prod-api", "shop-prod-api-stage",
                "shop-prod-monitoring", "shop-prod-assets",
            ])
        let protected = prod.stacks.filter(\.terminationProtection).count
        #expect(protected == prod.stacks.count, "prod has deletion protection")
        let dev = try #require(assembly.stages.first { $0.stage.name == "dev" })
        #expect(dev.stacks.allSatisfy { !$0.terminationProtection })
    }
}

import BallastTestSupport
import Foundation
import Testing

/// `ballast synth --out` writes into a folder of the user's: it replaces and removes only what
/// its manifest says it wrote, and refuses, writing nothing, a folder that holds anything else.
@Suite("ballast synth --out")
struct SynthCommandTests {
    /// A scratch folder holding a copy of the example `desired/`.
    struct Scratch {
        let root: URL
        var desired: String { root.appendingPathComponent("desired").path }

        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("ballast-synth-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            try FileManager.default.copyItem(
                atPath: BallastExecutable.repositoryRoot + "/desired",
                toPath: root.appendingPathComponent("desired").path)
        }

        func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

        func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: path(relative)) }

        func synth(_ arguments: [String]) throws -> BallastExecutable.Result {
            try BallastExecutable.run(
                ["synth"] + arguments, in: root.path,
                environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "", "HOME": root.path])
        }

        func remove() { try? FileManager.default.removeItem(at: root) }
    }

    /// One line on standard error, no Foundation error dump.
    static func expectOneLine(_ result: BallastExecutable.Result, containing text: String) {
        #expect(result.status == 1, "\(result.standardOutput)\(result.standardError)")
        let lines = result.standardError.split(separator: "\n")
        #expect(lines.count == 1, "\(result.standardError)")
        #expect(result.standardError.contains(text), "\(result.standardError)")
        #expect(!result.standardError.contains("NSCocoaErrorDomain"), "\(result.standardError)")
    }

    @Test("a stage folder holding a file synth did not write is refused, the file kept, nothing written")
    func foreignFileKept() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try FileManager.default.createDirectory(atPath: scratch.path("o/dev"), withIntermediateDirectories: true)
        try "x\n".write(toFile: scratch.path("o/dev/precious.txt"), atomically: true, encoding: .utf8)

        let result = try scratch.synth(["--stage", "dev", "--out", "o"])
        Self.expectOneLine(result, containing: "dev/precious.txt")
        #expect(try String(contentsOfFile: scratch.path("o/dev/precious.txt"), encoding: .utf8) == "x\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path("o/dev")) == ["precious.txt"])
        #expect(!scratch.exists("o/manifest.json"))
    }

    @Test("synth again replaces its own files, removes the ones it no longer writes, keeps other stages listed")
    func ownFilesReplaced() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let first = try scratch.synth(["--out", "o"])
        try #require(first.status == 0, "\(first.standardError)")
        // A stack the previous run wrote and this one does not: listed in the manifest, on disk.
        let manifestPath = scratch.path("o/manifest.json")
        var manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: manifestPath)))
                as? [String: Any])
        var stages = try #require(manifest["stages"] as? [[String: Any]])
        let devIndex = try #require(stages.firstIndex { $0["name"] as? String == "dev" })
        var stacks = try #require(stages[devIndex]["stacks"] as? [[String: Any]])
        var gone = stacks[0]
        gone["name"] = "shop-dev-gone"
        gone["file"] = "dev/shop-dev-gone.template.json"
        stacks.append(gone)
        stages[devIndex]["stacks"] = stacks
        manifest["stages"] = stages
        try JSONSerialization.data(withJSONObject: manifest).write(to: URL(fileURLWithPath: manifestPath))
        try "{}".write(toFile: scratch.path("o/dev/shop-dev-gone.template.json"), atomically: true, encoding: .utf8)

        let again = try scratch.synth(["--stage", "dev", "--out", "o"])
        #expect(again.status == 0, "\(again.standardError)")
        #expect(!scratch.exists("o/dev/shop-dev-gone.template.json"))
        #expect(scratch.exists("o/dev/shop-dev-network.template.json"))
        let written = try String(contentsOfFile: manifestPath, encoding: .utf8)
        #expect(written.contains("\"prod/shop-prod-network.template.json\""), "prod is still listed")
        #expect(!written.contains("shop-dev-gone"))
        // And prod's folder, listed, may be written again.
        let prod = try scratch.synth(["--stage", "prod", "--out", "o"])
        #expect(prod.status == 0, "\(prod.standardError)")
    }

    @Test("synth again of the same desired state leaves files whose bytes are unchanged; a changed one is replaced")
    func unchangedFilesLeft() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let first = try scratch.synth(["--out", "o"])
        try #require(first.status == 0, "\(first.standardError)")
        func inode(_ relative: String) throws -> Int {
            let attributes = try FileManager.default.attributesOfItem(atPath: scratch.path(relative))
            return try #require(attributes[.systemFileNumber] as? Int)
        }
        let template = "o/dev/shop-dev-network.template.json"
        let original = try String(contentsOfFile: scratch.path(template), encoding: .utf8)
        let before = (try inode(template), try inode("o/manifest.json"))
        // Another file of the same size but other bytes: an atomic replace gives it a new inode.
        let edited = "o/prod/shop-prod-network.template.json"
        let prod = try String(contentsOfFile: scratch.path(edited), encoding: .utf8)
        try String(prod.reversed()).write(toFile: scratch.path(edited), atomically: true, encoding: .utf8)
        let editedBefore = try inode(edited)

        let again = try scratch.synth(["--out", "o"])
        #expect(again.status == 0, "\(again.standardError)")
        #expect(try inode(template) == before.0, "an unchanged template is not written again")
        #expect(try inode("o/manifest.json") == before.1, "an unchanged manifest is not written again")
        #expect(try String(contentsOfFile: scratch.path(template), encoding: .utf8) == original)
        #expect(try inode(edited) != editedBefore, "a changed template is replaced")
        #expect(try String(contentsOfFile: scratch.path(edited), encoding: .utf8) == prod)
    }

    @Test("an output folder that is the desired state, inside it, or whose stage folder would be it, is refused")
    func overlapWithInput() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let before = try FileManager.default.subpathsOfDirectory(atPath: scratch.desired).sorted()
        Self.expectOneLine(try scratch.synth(["--out", "desired"]), containing: "desired-state folder")
        Self.expectOneLine(try scratch.synth(["--out", "desired/out"]), containing: "desired-state folder")
        Self.expectOneLine(try scratch.synth(["--out", "./desired/../desired"]), containing: "desired-state folder")
        // The desired state kept in a folder named like a stage, written to its parent.
        try FileManager.default.moveItem(atPath: scratch.desired, toPath: scratch.path("dev"))
        Self.expectOneLine(
            try scratch.synth(["--desired", "dev", "--stage", "dev", "--out", "."]),
            containing: "the desired state itself")
        try FileManager.default.moveItem(atPath: scratch.path("dev"), toPath: scratch.desired)
        #expect(try FileManager.default.subpathsOfDirectory(atPath: scratch.desired).sorted() == before)
        #expect(!scratch.exists("manifest.json"))
    }

    @Test("--out naming a file, or a folder with someone else's manifest.json, is a one-line error")
    func outIsNotAFolder() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try "mine\n".write(toFile: scratch.path("file"), atomically: true, encoding: .utf8)
        Self.expectOneLine(try scratch.synth(["--out", "file"]), containing: "file: not a folder")
        #expect(try String(contentsOfFile: scratch.path("file"), encoding: .utf8) == "mine\n")

        try FileManager.default.createDirectory(atPath: scratch.path("o"), withIntermediateDirectories: true)
        try "{\"mine\": true}\n".write(toFile: scratch.path("o/manifest.json"), atomically: true, encoding: .utf8)
        Self.expectOneLine(
            try scratch.synth(["--out", "o"]), containing: "manifest.json is there and is not a manifest")
        #expect(try String(contentsOfFile: scratch.path("o/manifest.json"), encoding: .utf8) == "{\"mine\": true}\n")
        #expect(!scratch.exists("o/dev"))

        // A stage path that is a file of the user's.
        try FileManager.default.removeItem(atPath: scratch.path("o/manifest.json"))
        try "notes\n".write(toFile: scratch.path("o/dev"), atomically: true, encoding: .utf8)
        Self.expectOneLine(try scratch.synth(["--stage", "dev", "--out", "o"]), containing: "dev is a file")
        #expect(try String(contentsOfFile: scratch.path("o/dev"), encoding: .utf8) == "notes\n")
    }
}

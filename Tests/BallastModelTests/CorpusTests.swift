import BallastModel
import Foundation
import Testing

/// The corpus of bad desired states in `Corpus/`: one folder per case, each holding a
/// `desired/` folder that breaks one or two rules and an `expected.txt` with every error the
/// loader must report, one `file:line:column: message` per line, in the loader's order.
enum BadInputCorpus {
    /// `Tests/BallastModelTests/Corpus`.
    static let directory: String = {
        var url = URL(fileURLWithPath: #filePath)
        url.deleteLastPathComponent()
        return url.appendingPathComponent("Corpus").path
    }()

    /// The case folder names, sorted.
    static let cases: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted()
    }()

    /// Files a case needs that are not committed: bytes that git or an editor could mangle, or
    /// too many of them to keep. Written into a copy of the case's `desired/` before loading.
    static let generatedFiles: [String: [String: Data]] = [
        // "café" in Latin-1: 0xE9 is not valid UTF-8.
        "not-utf8": ["functions/orders.yaml": Data("name: orders\nimage: caf".utf8) + Data([0xe9]) + Data("\n".utf8)],
        "nul-byte": ["databases/main.yaml": Data("name: main\nversion: \"16\"\0\n".utf8)],
        "file-over-1mib": [
            "templates/big.yaml": Data("Resources: {}\n".utf8) + Data(repeating: UInt8(ascii: "#"), count: 1 << 20)
        ],
    ]

    /// The errors `expected.txt` lists, without blank lines.
    static func expectedErrors(of name: String) throws -> [String] {
        let text = try String(contentsOfFile: "\(directory)/\(name)/expected.txt", encoding: .utf8)
        return text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }

    /// Loads a case and returns every error as `description`, or [] when it loads.
    static func actualErrors(of name: String) throws -> [String] {
        var desired = "\(directory)/\(name)/desired"
        var scratch: URL?
        if let generated = generatedFiles[name] {
            let copy = FileManager.default.temporaryDirectory.appendingPathComponent(
                "ballast-corpus-\(UUID().uuidString)")
            try FileManager.default.copyItem(atPath: desired, toPath: copy.path)
            for (path, bytes) in generated {
                let url = copy.appendingPathComponent(path)
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try bytes.write(to: url)
            }
            desired = copy.path
            scratch = copy
        }
        defer { scratch.map { try? FileManager.default.removeItem(at: $0) } }
        do {
            _ = try DesiredStateLoader.load(directory: desired)
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }
}

@Suite("the bad-input corpus")
struct CorpusTests {
    @Test("each bad desired state reports exactly the expected errors", arguments: BadInputCorpus.cases)
    func caseReportsExpectedErrors(_ name: String) throws {
        let expected = try BadInputCorpus.expectedErrors(of: name)
        #expect(!expected.isEmpty, "\(name)/expected.txt lists no errors; every corpus case must be rejected")
        let actual = try BadInputCorpus.actualErrors(of: name)
        #expect(actual == expected, "\(name): got\n\(actual.joined(separator: "\n"))")
    }

    @Test("the corpus has at least 40 cases, each a desired/ folder with an expected.txt")
    func corpusIsComplete() {
        #expect(
            BadInputCorpus.cases.count >= 40, "found \(BadInputCorpus.cases.count) cases in \(BadInputCorpus.directory)"
        )
        let fileManager = FileManager.default
        for name in BadInputCorpus.cases {
            let folder = "\(BadInputCorpus.directory)/\(name)"
            #expect(fileManager.fileExists(atPath: "\(folder)/expected.txt"), "\(name) has no expected.txt")
            var isDirectory: ObjCBool = false
            #expect(
                fileManager.fileExists(atPath: "\(folder)/desired", isDirectory: &isDirectory) && isDirectory.boolValue,
                "\(name) has no desired/ folder")
        }
        for name in BadInputCorpus.generatedFiles.keys {
            #expect(BadInputCorpus.cases.contains(name), "generated files for a case that does not exist: \(name)")
        }
    }

    @Test("the expected errors are listed in the loader's order: file, line, column, message")
    func expectedFilesAreSorted() throws {
        for name in BadInputCorpus.cases {
            let lines = try BadInputCorpus.expectedErrors(of: name)
            let parsed = lines.compactMap(Self.parse)
            #expect(
                parsed.count == lines.count,
                "\(name)/expected.txt has lines that are not file:line:column: message (or file: message)")
            #expect(parsed == parsed.sorted(), "\(name)/expected.txt is not sorted")
        }
    }

    /// `file:line:column: message` (or `file: message`, for the whole file) as an error value,
    /// nil when malformed.
    static func parse(_ line: String) -> DesiredStateError? {
        let parts = line.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4, let lineNumber = Int(parts[1]), let column = Int(parts[2]), parts[3].hasPrefix(" ")
        else {
            guard let separator = line.range(of: ": "), !line[..<separator.lowerBound].isEmpty else { return nil }
            return DesiredStateError(
                file: String(line[..<separator.lowerBound]), message: String(line[separator.upperBound...]))
        }
        return DesiredStateError(
            file: String(parts[0]), line: lineNumber, column: column, message: String(parts[3].dropFirst()))
    }
}

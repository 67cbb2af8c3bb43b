import BallastModel
import Foundation
import Testing

/// What cannot be read is an error at its path, never an absence: a folder read as empty
/// would ask for every function it describes to be deleted. And two files for one thing are
/// an error naming both, not one silently winning.
@Suite("unreadable and doubled desired-state files")
struct UnreadableInputTests {
    /// A copy of the example `desired/` in a scratch folder, changed by `change`.
    private static func exampleCopy(_ change: (String) throws -> Void) throws -> String {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ballast-unreadable-\(UUID().uuidString)")
        try FileManager.default.copyItem(atPath: ExampleState.directory, toPath: copy.path)
        try change(copy.path)
        return copy.path
    }

    private static func errors(loading directory: String) -> [DesiredStateError] {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            _ = try DesiredStateLoader.load(directory: directory)
            return []
        } catch {
            return error.errors
        }
    }

    @Test("an empty folder where a function file is expected is an error at its path, not a missing function")
    func folderWhereFileIsExpected() throws {
        let desired = try Self.exampleCopy { root in
            try FileManager.default.removeItem(atPath: root + "/functions/orders.yaml")
            try FileManager.default.createDirectory(
                atPath: root + "/functions/orders.yaml", withIntermediateDirectories: false)
        }
        let errors = Self.errors(loading: desired)
        #expect(errors.map(\.description) == ["functions/orders.yaml: \(DesiredTree.folderWhereFileIsExpectedMessage)"])
    }

    @Test("a folder in place of the project file is an error at its path, not a missing project file")
    func folderInPlaceOfProjectFile() throws {
        let desired = try Self.exampleCopy { root in
            try FileManager.default.removeItem(atPath: root + "/ballast.yaml")
            try FileManager.default.createDirectory(atPath: root + "/ballast.yaml", withIntermediateDirectories: false)
            try "x".write(toFile: root + "/ballast.yaml/inside.yaml", atomically: true, encoding: .utf8)
        }
        let errors = Self.errors(loading: desired)
        #expect(errors.map(\.description) == ["ballast.yaml: \(DesiredTree.folderWhereFileIsExpectedMessage)"])
    }

    @Test("a dangling link in place of functions/ is reported with why, at its path")
    func danglingFolderLink() throws {
        let desired = try Self.exampleCopy { root in
            try FileManager.default.removeItem(atPath: root + "/functions")
            try FileManager.default.createSymbolicLink(atPath: root + "/functions", withDestinationPath: "gone")
        }
        let errors = Self.errors(loading: desired)
        #expect(errors.map(\.description) == ["functions: symbolic link points to nothing"])
    }

    @Test("folders nested deeper than the walk goes are an error, not skipped")
    func tooDeep() throws {
        let desired = try Self.exampleCopy { root in
            let deep = root + "/functions" + String(repeating: "/d", count: 9)
            try FileManager.default.createDirectory(atPath: deep, withIntermediateDirectories: true)
            try "name: x\n".write(toFile: deep + "/x.yaml", atomically: true, encoding: .utf8)
        }
        let errors = Self.errors(loading: desired)
        #expect(errors.count == 1)
        #expect(errors.first?.message.contains("nest deeper than 8 levels") == true)
    }

    @Test("a database file that cannot be read does not also make its functions name a missing database")
    func unreadableDatabaseDoesNotCascade() throws {
        let files = try ExampleFiles.read()
        var entries = files.data.mapValues { DesiredTree.Entry.file($0) }
        entries["databases/main.yaml"] = .rejected("file cannot be read: Permission denied")
        let rejected = #expect(throws: DesiredStateErrors.self) {
            try DesiredStateLoader.load(DesiredTree(entries: entries))
        }
        #expect(rejected?.errors.map(\.description) == ["databases/main.yaml: file cannot be read: Permission denied"])

        entries["databases/main.yaml"] = .file(Data("name: [unclosed\n".utf8))
        let broken = #expect(throws: DesiredStateErrors.self) {
            try DesiredStateLoader.load(DesiredTree(entries: entries))
        }
        #expect(broken?.errors.allSatisfy { $0.file == "databases/main.yaml" } == true)
        #expect(broken?.errors.isEmpty == false)
    }

    @Test(
        "two files for one thing are refused with both paths",
        arguments: [
            ("ballast.yaml", "ballast.yml"), ("templates/assets.yaml", "templates/assets.json"),
            ("templates/assets.yaml", "templates/assets.yml"), ("functions/orders.yaml", "functions/orders.yml"),
            ("databases/main.yaml", "databases/main.yml"),
        ])
    func twoFilesForOneThing(existing: String, twin: String) throws {
        let files = try ExampleFiles.read()
        var entries = files.data.mapValues { DesiredTree.Entry.file($0) }
        var text = String(decoding: try #require(files.data[existing]), as: UTF8.self)
        // The twin names a function or a database of its own, so only the file names collide.
        text = text.replacingOccurrences(of: "name: orders", with: "name: orders2")
            .replacingOccurrences(of: "path: /orders", with: "path: /orders2")
            .replacingOccurrences(of: "name: main", with: "name: other")
        if twin.hasSuffix(".json") {
            text = #"{"Resources": {"Bucket": {"Type": "AWS::S3::Bucket"}}}"#
        }
        entries[twin] = .file(Data(text.utf8))
        let error = #expect(throws: DesiredStateErrors.self) {
            try DesiredStateLoader.load(DesiredTree(entries: entries))
        }
        let problem = try #require(error?.errors.first { $0.message.contains("keep one of the two files") })
        #expect(problem.file == max(existing, twin))
        #expect(problem.message.hasPrefix("\(min(existing, twin)) and \(max(existing, twin)) both define"))
    }

    @Test(
        "a template named like one of Ballast's own stacks, or a part of one, is refused",
        arguments: ["api-stage", "api-stage-2", "compute-3"])
    func templateNamedLikeOwnStack(name: String) throws {
        let files = try ExampleFiles.read()
        var entries = files.data.mapValues { DesiredTree.Entry.file($0) }
        entries["templates/\(name).yaml"] = entries["templates/assets.yaml"]
        let error = #expect(throws: DesiredStateErrors.self) {
            try DesiredStateLoader.load(DesiredTree(entries: entries))
        }
        #expect(
            error?.errors.map(\.description).first?.hasPrefix(
                "templates/\(name).yaml: template name '\(name)' is taken by one of Ballast's own stacks") == true,
            "\(String(describing: error))")
    }

    @Test("templates named like a stack but not one of them are accepted", arguments: ["api-gateway", "computer"])
    func templateNamedLikeButNotOwnStack(name: String) throws {
        let files = try ExampleFiles.read()
        var entries = files.data.mapValues { DesiredTree.Entry.file($0) }
        entries["templates/\(name).yaml"] = entries["templates/assets.yaml"]
        #expect(throws: Never.self) { try DesiredStateLoader.load(DesiredTree(entries: entries)) }
    }

    @Test("an error about a whole file is shown as 'file: message', not at line 0, column 0")
    func wholeFileErrorFormat() {
        let error = DesiredStateError(file: "functions/orders.yaml", message: "file cannot be read")
        #expect(error.description == "functions/orders.yaml: file cannot be read")
        #expect(error.located(under: "desired") == "desired/functions/orders.yaml: file cannot be read")
        let placed = DesiredStateError(file: "ballast.yaml", line: 3, column: 5, message: "bad")
        #expect(placed.located(under: "desired") == "desired/ballast.yaml:3:5: bad")
    }
}

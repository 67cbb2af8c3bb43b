import Foundation

/// Loads and validates a desired state: every file read, every rule checked, every problem
/// reported at once. Nothing is returned unless the whole state is valid.
public enum DesiredStateLoader {
    /// The desired state of `tree`, or every error found in it.
    public static func load(_ tree: DesiredTree) throws(DesiredStateErrors) -> DesiredState {
        let sink = DiagnosticSink()
        var projectFile: ProjectFileReading.ProjectFile?
        var functions: [FunctionSpec] = []
        var databases: [DatabaseSpec] = []
        var templates: [RawTemplate] = []
        var declaredDatabases: [String] = []
        var sawProjectFile = false

        for path in tree.entries.keys.sorted() {
            // A shutting-down controller must not wait for the rest of a large state.
            if sink.wasCancelled || Task.isCancelled { throw .cancelled }
            guard let kind = FileKind(path: path) else {
                sink.report(file: path, FileKind.unexpectedMessage)
                continue
            }
            if case .ignored = kind { continue }
            if case .project = kind { sawProjectFile = true }
            let data: Data
            switch tree.entries[path]! {
            case .rejected(let reason):
                sink.report(file: path, reason)
                continue
            case .file(let bytes):
                data = bytes
            }
            guard let root = YAMLFile.parse(path: path, data: data, sink: sink) else { continue }
            switch kind {
            case .project: projectFile = ProjectFileReading.read(root, sink: sink)
            case .function: FunctionFileReading.read(root, sink: sink).map { functions.append($0) }
            case .database:
                DatabaseFileReading.declaredName(root).map { declaredDatabases.append($0) }
                DatabaseFileReading.read(root, sink: sink).map { databases.append($0) }
            case .template(let name):
                let text = String(decoding: data, as: UTF8.self)
                let located = Located(name, at: SourcePosition(file: path, line: 0, column: 0))
                TemplateFileReading.read(root, name: located, text: text, sink: sink).map { templates.append($0) }
            case .ignored: break
            }
        }
        if !sawProjectFile {
            sink.report(
                file: ProjectFileReading.path,
                "missing ballast.yaml: the desired state needs a project file with 'project' and 'stages'")
        }
        if sink.wasCancelled || Task.isCancelled { throw .cancelled }
        if let projectFile {
            let state = DesiredState(
                project: projectFile.project.value, stages: projectFile.stages, functions: functions,
                databases: databases, templates: templates)
            StateRules(
                state: state, project: projectFile.project, declaredStages: projectFile.declaredStageNames,
                declaredDatabases: declaredDatabases, sink: sink
            ).check()
            if sink.isEmpty { return state }
        }
        throw DesiredStateErrors(sink.errors)
    }

    /// Loads the desired-state folder at `directory`.
    public static func load(directory: String) throws(DesiredStateErrors) -> DesiredState {
        let tree: DesiredTree
        do {
            tree = try DesiredTree.read(directory: directory)
        } catch {
            throw DesiredStateErrors([DesiredStateError(file: ".", message: error.reason)])
        }
        return try load(tree)
    }
}

/// Which part of the format a path in `desired/` is.
enum FileKind {
    case project
    case function
    case database
    case template(name: String)
    case ignored

    static let unexpectedMessage =
        "unexpected file: desired/ holds ballast.yaml, functions/*.yaml, databases/*.yaml and templates/*.yaml|yml|json (and *.md notes)"

    init?(path: String) {
        let parts = path.split(separator: "/").map(String.init)
        guard let last = parts.last else { return nil }
        if parts.contains(where: { $0.hasPrefix(".") }) || last.hasSuffix(".md") {
            self = .ignored
            return
        }
        let isYAML = last.hasSuffix(".yaml") || last.hasSuffix(".yml")
        switch (parts.count, parts.first) {
        case (1, _) where last == "ballast.yaml" || last == "ballast.yml": self = .project
        case (2, "functions") where isYAML: self = .function
        case (2, "databases") where isYAML: self = .database
        case (2, "templates") where isYAML || last.hasSuffix(".json"):
            self = .template(name: String(last[..<last.lastIndex(of: ".")!]))
        default: return nil
        }
    }
}

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

        var databaseNamesComplete = true
        let duplicates = FileKind.duplicates(among: tree.entries.keys)

        for path in tree.entries.keys.sorted() {
            // A shutting-down controller must not wait for the rest of a large state.
            if sink.wasCancelled || Task.isCancelled { throw .cancelled }
            let kind = FileKind(path: path)
            if case .ignored? = kind { continue }
            if case .project? = kind { sawProjectFile = true }
            if case .database? = kind {
                // A database file that cannot be read still declares a database, whose name is
                // unknown: functions naming one are not told that it does not exist.
                if case .rejected = tree.entries[path]! { databaseNamesComplete = false }
            }
            if let first = duplicates[path] {
                sink.report(
                    file: path,
                    "\(first) and \(path) both define \(kind?.subject ?? "the same thing"); keep one of the two files")
                continue
            }
            let data: Data
            switch tree.entries[path]! {
            case .rejected(let reason):
                sink.report(file: path, reason)
                continue
            case .file(let bytes):
                data = bytes
            }
            guard let kind else {
                sink.report(file: path, FileKind.unexpectedMessage)
                continue
            }
            let isTemplate = if case .template = kind { true } else { false }
            guard let root = YAMLFile.parse(path: path, data: data, allowsTags: isTemplate, sink: sink) else {
                if case .database = kind { databaseNamesComplete = false }
                continue
            }
            switch kind {
            case .project: projectFile = ProjectFileReading.read(root, sink: sink)
            case .function: FunctionFileReading.read(root, sink: sink).map { functions.append($0) }
            case .database:
                if let name = DatabaseFileReading.declaredName(root) {
                    declaredDatabases.append(name)
                } else {
                    databaseNamesComplete = false
                }
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
                declaredDatabases: databaseNamesComplete ? declaredDatabases : nil, sink: sink
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

    /// What a file of this kind defines, for messages.
    var subject: String {
        switch self {
        case .project: return "the project"
        case .function: return "a function"
        case .database: return "a database"
        case .template(let name): return "the stack of template '\(name)'"
        case .ignored: return "nothing"
        }
    }

    /// The key two files share when they define the same thing: `ballast.yaml` and
    /// `ballast.yml`, `functions/a.yaml` and `functions/a.yml`, `templates/p.yaml` and
    /// `templates/p.json` (a template's name is its stack's name).
    var identity: String? {
        switch self {
        case .project: return "project"
        case .template(let name): return "template:\(name)"
        case .function, .database, .ignored: return nil
        }
    }

    /// Every path that defines the same thing as an earlier one (in path order), with that
    /// earlier path. Functions and databases are named inside their files, and two files
    /// with one name are reported by the rules; only their `.yaml`/`.yml` twins are caught
    /// here, by the file name.
    static func duplicates(among paths: some Collection<String>) -> [String: String] {
        var first: [String: String] = [:]
        var duplicates: [String: String] = [:]
        for path in paths.sorted() {
            guard let kind = FileKind(path: path) else { continue }
            let key: String
            if let identity = kind.identity {
                key = identity
            } else if case .function = kind {
                key = "function:" + stem(path)
            } else if case .database = kind {
                key = "database:" + stem(path)
            } else {
                continue
            }
            if let earlier = first[key] {
                duplicates[path] = earlier
            } else {
                first[key] = path
            }
        }
        return duplicates
    }

    /// The path without its extension.
    private static func stem(_ path: String) -> String {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return path }
        return String(path[..<dot])
    }
}

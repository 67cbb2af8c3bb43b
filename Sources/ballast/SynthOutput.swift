import BallastModel
import BallastSynth
import Foundation

/// The output folder of `ballast synth` on disk: checked whole before anything is written, then
/// written so that only the files its manifest lists are ever replaced or removed.
struct SynthOutput {
    /// The folder as the user named it, for messages.
    let path: String
    /// The folder, absolute, with links resolved as far as it exists.
    let canonical: String
    /// The desired-state folder read from disk (nil: read from Git), absolute and resolved.
    let desired: String?
    /// What `manifest.json` is (nil: absent).
    let manifestEntry: OutputFolderPlan.Entry?
    /// The manifest the previous run wrote (nil: none, or not a manifest).
    let previousManifest: Manifest?

    /// Looks at `path`: it must be a folder or not exist yet.
    init(path: String, desired: String?) throws {
        self.path = path
        self.canonical = Self.canonical(path)
        self.desired = desired.map(Self.canonical)
        let root = URL(fileURLWithPath: path)
        switch Self.entry(at: root.path) {
        case nil, .folder?: break
        case .link?:
            // A link to a folder is a folder the user chose; anything else is not.
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue
            else {
                throw CommandFailure("\(path): not a folder; --out needs a folder (it is created when missing)")
            }
        case .file?, .other?:
            throw CommandFailure("\(path): not a folder; --out needs a folder (it is created when missing)")
        }
        let manifestURL = root.appendingPathComponent("manifest.json")
        self.manifestEntry = Self.entry(at: manifestURL.path)
        self.previousManifest =
            manifestEntry == .file
            ? (try? Data(contentsOf: manifestURL)).flatMap { try? Manifest(jsonText: [UInt8]($0)) } : nil
    }

    /// Refuses an output folder whose stage folders would overlap the desired state: the same
    /// folder, inside it, or holding it.
    func checkOverlap(stages: [String]) throws {
        guard let desired else { return }
        func within(_ inner: String, _ outer: String) -> Bool {
            inner == outer || inner.hasPrefix(outer.hasSuffix("/") ? outer : outer + "/")
        }
        if within(canonical, desired) {
            throw CommandFailure(
                "\(path): the output folder is the desired-state folder or inside it; choose an --out outside \(desired)"
            )
        }
        for stage in stages where within(desired, canonical + "/" + stage) {
            throw CommandFailure(
                "\(path): the folder of stage \(stage) would be \(desired), the desired state itself; choose another --out"
            )
        }
    }

    /// Writes the templates of `assembly` and the manifest, after checking every stage folder:
    /// a refusal writes nothing.
    func write(_ assembly: CloudAssembly, manifest: Manifest) throws {
        let fileManager = FileManager.default
        let root = URL(fileURLWithPath: path)
        var stageFolders: [String: (entry: OutputFolderPlan.Entry, names: [String: OutputFolderPlan.Entry])?] = [:]
        for stage in manifest.stages {
            let folder = root.appendingPathComponent(stage.name).path
            guard let entry = Self.entry(at: folder) else {
                stageFolders[stage.name] = .some(nil)
                continue
            }
            var names: [String: OutputFolderPlan.Entry] = [:]
            if entry == .folder {
                let listing: [String]
                do {
                    listing = try fileManager.contentsOfDirectory(atPath: folder)
                } catch {
                    throw CommandFailure("\(path)/\(stage.name): folder cannot be read: \(FileErrorText.reason(error))")
                }
                for name in listing { names[name] = Self.entry(at: folder + "/" + name) ?? .other }
            }
            stageFolders[stage.name] = (entry, names)
        }
        let plan: OutputFolderPlan
        do {
            plan = try OutputFolderPlan.make(
                writing: manifest, previous: previousManifest, manifestEntry: manifestEntry, stageFolders: stageFolders)
        } catch {
            throw CommandFailure("\(path): \(error.message)")
        }
        do {
            for stageAssembly in assembly.stages {
                let stage = stageAssembly.stage.name
                let existing = stageFolders[stage]??.names ?? [:]
                if stageFolders[stage]??.entry != .folder {
                    try fileManager.createDirectory(
                        at: root.appendingPathComponent(stage), withIntermediateDirectories: true)
                }
                for stack in stageAssembly.stacks {
                    let file = Manifest.templateFile(stage: stage, stack: stack.name)
                    let name = String(file.dropFirst(stage.count + 1))
                    try Self.replace(
                        root.appendingPathComponent(file), with: Data(stack.body.utf8), found: existing[name])
                }
            }
            for file in plan.removals {
                try fileManager.removeItem(at: root.appendingPathComponent(file))
            }
            try Self.replace(
                root.appendingPathComponent("manifest.json"), with: Data(plan.manifest.jsonText.utf8),
                found: manifestEntry)
        } catch {
            throw CommandFailure("\(path): cannot write the output: \(FileErrorText.reason(error))")
        }
    }

    /// Writes `data` to `url` atomically: the file is replaced, never written through (a link
    /// is not followed). A regular file (`found`, as `entry(at:)` saw it) that already holds
    /// exactly these bytes is left as it is, as make and ninja do: a second synth of the same
    /// desired state writes nothing.
    static func replace(_ url: URL, with data: Data, found: OutputFolderPlan.Entry?) throws {
        if found == .file, holds(url.path, data) { return }
        try data.write(to: url, options: .atomic)
    }

    /// Whether the regular file at `path` holds exactly `data`; false for anything else (a
    /// link is not followed: `O_NOFOLLOW`).
    static func holds(_ path: String, _ data: Data) -> Bool {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_size == data.count
        else { return false }
        var bytes = [UInt8](repeating: 0, count: data.count + 1)
        var filled = 0
        while filled < bytes.count {
            let count = bytes.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            filled += count
        }
        // One byte more than expected was asked for: a file that grew meanwhile is not equal.
        guard filled == data.count else { return false }
        guard filled > 0 else { return true }
        return bytes.withUnsafeBytes { file in
            data.withUnsafeBytes { memcmp(file.baseAddress!, $0.baseAddress!, filled) == 0 }
        }
    }

    /// What is at `path`, without following a link (nil: nothing, or it cannot be told).
    static func entry(at path: String) -> OutputFolderPlan.Entry? {
        guard case .success(let kind) = PathKind.of(path) else { return nil }
        switch kind {
        case .folder: return .folder
        case .file: return .file
        case .link: return .link
        case .other: return .other
        }
    }

    /// `path` made absolute and standardized, its links resolved as far as it exists.
    static func canonical(_ path: String) -> String {
        var existing = URL(fileURLWithPath: path).standardizedFileURL
        var rest: [String] = []
        while existing.path != "/", !FileManager.default.fileExists(atPath: existing.path) {
            rest.insert(existing.lastPathComponent, at: 0)
            existing.deleteLastPathComponent()
        }
        var resolved = existing.resolvingSymlinksInPath().standardizedFileURL
        for component in rest { resolved.appendPathComponent(component) }
        return resolved.standardizedFileURL.path
    }
}

/// What `ballast synth` may do in its output folder: write this run's templates, replace and
/// remove only the files its previous manifest lists, and touch nothing else.
///
/// An output folder is the user's: a stage folder that holds anything the previous manifest
/// does not list (a file of theirs, or the desired state itself) is refused before anything is
/// written, rather than emptied.
public struct OutputFolderPlan: Sendable, Hashable {
    /// What a name in the output folder is, as the adapter found it (without following links).
    public enum Entry: Sendable, Hashable {
        case file
        case folder
        case link
        case other
    }

    /// Why the output folder cannot be used; the message names the path relative to it.
    public struct Refusal: Error, Sendable, Hashable, CustomStringConvertible {
        /// What is wrong and what to do.
        public var message: String

        public var description: String { message }
    }

    /// Files to remove, relative to the output folder: the previous run wrote them and this one
    /// does not (a stack that is gone).
    public var removals: [String]
    /// The manifest to write: this run's stages, and the previous manifest's other stages as
    /// they were (their files stay on disk, so the manifest still lists them).
    public var manifest: Manifest

    /// The plan for writing `manifest` where `previous` was written before.
    ///
    /// `stageFolders` holds, per stage written, what `<stage>` is in the output folder: nil when
    /// absent, else the entry and, for a folder, its names and their entries. `manifestEntry`
    /// is what `manifest.json` is (nil: absent); `previous` is it decoded (nil: not a manifest).
    public static func make(
        writing manifest: Manifest, previous: Manifest?, manifestEntry: Entry?,
        stageFolders: [String: (entry: Entry, names: [String: Entry])?]
    ) throws(Refusal) -> OutputFolderPlan {
        if let manifestEntry {
            guard manifestEntry == .file, let previous else {
                throw Refusal(
                    message:
                        "manifest.json is there and is not a manifest ballast synth wrote; synth replaces only its own files: move it away or choose another --out"
                )
            }
            guard previous.project == manifest.project else {
                throw Refusal(
                    message:
                        "manifest.json is the output of project '\(previous.project)', not '\(manifest.project)'; choose another --out"
                )
            }
        }
        let previousStages = manifestEntry == nil ? [] : previous?.stages ?? []
        var removals: [String] = []
        for stage in manifest.stages {
            let written = Set(stage.stacks.map(\.file))
            let owned = Set(previousStages.first { $0.name == stage.name }?.stacks.map(\.file) ?? [])
            guard let found = stageFolders[stage.name] ?? nil else { continue }
            guard found.entry == .folder else {
                throw Refusal(
                    message:
                        "\(stage.name) is a \(describe(found.entry)), not a folder ballast synth wrote; move it away or choose another --out"
                )
            }
            let foreign = found.names.filter { name, entry in
                entry != .file || !owned.contains("\(stage.name)/\(name)")
            }.keys.sorted()
            guard foreign.isEmpty else {
                let shown = foreign.prefix(3).map { "\(stage.name)/\($0)" }.joined(separator: ", ")
                let more = foreign.count > 3 ? " and \(foreign.count - 3) more" : ""
                let verb = foreign.count == 1 ? "is" : "are"
                throw Refusal(
                    message:
                        "\(shown)\(more) \(verb) not ballast synth's (manifest.json does not list \(foreign.count == 1 ? "it" : "them")), and synth replaces only its own files: move \(foreign.count == 1 ? "it" : "them") away or choose another --out"
                )
            }
            removals += owned.subtracting(written).filter { file in
                found.names[String(file.dropFirst(stage.name.count + 1))] != nil
            }.sorted()
        }
        var merged = manifest
        let written = Set(manifest.stages.map(\.name))
        merged.stages = previousStages.compactMap { old in
            written.contains(old.name) ? manifest.stages.first { $0.name == old.name } : old
        }
        merged.stages += manifest.stages.filter { new in !previousStages.contains { $0.name == new.name } }
        return OutputFolderPlan(removals: removals, manifest: merged)
    }

    private static func describe(_ entry: Entry) -> String {
        switch entry {
        case .file: return "file"
        case .folder: return "folder"
        case .link: return "symbolic link"
        case .other: return "special file"
        }
    }
}

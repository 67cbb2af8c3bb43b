import CGit2
import Foundation

/// A notes reference: where Ballast keeps what it says about commits, inside Git.
public struct NotesRef: Sendable, Hashable, CustomStringConvertible {
    /// The full reference name (`refs/notes/ballast`).
    public let name: String

    /// A notes reference; `name` must start with `refs/notes/`.
    public init?(_ name: String) {
        guard name.hasPrefix("refs/notes/"), name.count > "refs/notes/".count else { return nil }
        self.name = name
    }

    private init(known name: String) {
        self.name = name
    }

    /// The reconcile status of a commit (what was applied, where, with what result).
    public static let status = NotesRef(known: "refs/notes/ballast")
    /// Approvals of a commit for stages that need one (`ballast approve`).
    public static let approvals = NotesRef(known: "refs/notes/ballast-approvals")

    public var description: String { name }
}

/// A note and the commit it is on.
public struct GitNote: Sendable, Hashable {
    /// The annotated commit.
    public let commit: CommitID
    /// The note's text.
    public let text: String

    /// A note on `commit`.
    public init(commit: CommitID, text: String) {
        self.commit = commit
        self.text = text
    }
}

/// Who writes a note.
public struct GitIdentity: Sendable, Hashable {
    /// The name in the notes commit.
    public var name: String
    /// The e-mail address in the notes commit.
    public var email: String

    /// An identity.
    public init(name: String, email: String) {
        self.name = name
        self.email = email
    }

    /// Ballast itself.
    public static let ballast = GitIdentity(name: "Ballast", email: "ballast@localhost")
}

extension GitRepository {
    /// Writes (or replaces) the note on `commit` under `ref`, locally; `pushNotes` publishes it.
    public func writeNote(
        _ text: String, on commit: CommitID, ref: NotesRef = .status, by identity: GitIdentity = .ballast
    )
        throws(GitError)
    {
        var signature: UnsafeMutablePointer<git_signature>?
        try LibGit2.check(
            git_signature_now(&signature, identity.name, identity.email), "make the signature of \(identity.name)")
        defer { git_signature_free(signature) }
        var target = commit.oid
        var noteID = git_oid()
        try LibGit2.check(
            git_note_create(&noteID, handle, ref.name, signature, signature, &target, text, 1),
            "write the note \(ref.name) on \(commit.short)")
    }

    /// The note on `commit` under `ref`, or nil when it has none.
    public func note(on commit: CommitID, ref: NotesRef = .status) throws(GitError) -> String? {
        var target = commit.oid
        var note: OpaquePointer?
        let code = git_note_read(&note, handle, ref.name, &target)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try LibGit2.check(code, "read the note \(ref.name) on \(commit.short)")
        defer { git_note_free(note) }
        return git_note_message(note).map { String(cString: $0) }
    }

    /// Every note under `ref` with the commit it annotates (none when the reference does not
    /// exist yet), in the notes tree's order.
    public func notes(ref: NotesRef = .status) throws(GitError) -> [GitNote] {
        var iterator: OpaquePointer?
        let code = git_note_iterator_new(&iterator, handle, ref.name)
        if code == GIT_ENOTFOUND.rawValue { return [] }
        try LibGit2.check(code, "list the notes under \(ref.name)")
        defer { git_note_iterator_free(iterator) }
        var notes: [GitNote] = []
        while true {
            var noteID = git_oid()
            var annotated = git_oid()
            let next = git_note_next(&noteID, &annotated, iterator)
            if next == GIT_ITEROVER.rawValue { break }
            try LibGit2.check(next, "list the notes under \(ref.name)")
            let commit = CommitID(annotated)
            if let text = try note(on: commit, ref: ref) {
                notes.append(GitNote(commit: commit, text: text))
            }
        }
        return notes
    }

    /// Pushes the notes reference to the remote (`ref:ref`, fast-forward only). When someone else
    /// moved it since the last fetch, the push is rejected: fetch, write again and push again.
    public func pushNotes(_ ref: NotesRef = .status) throws(GitError) {
        try push(refspec: "\(ref.name):\(ref.name)", reference: ref.name)
    }

    /// Pushes one refspec to `origin` and reports a refused update as `pushRejected`.
    func push(refspec: String, reference: String) throws(GitError) {
        try withRemote { (remoteHandle, session) throws(GitError) in
            var options = git_push_options()
            try LibGit2.check(git_push_options_init(&options, UInt32(GIT_PUSH_OPTIONS_VERSION)), "prepare a push")
            session.install(into: &options.callbacks)
            let code = try LibGit2.withStringArray([refspec]) { refspecs in
                git_remote_push(remoteHandle, &refspecs, &options)
            }
            if code < 0 {
                let error = session.error(code: code, operation: "push \(reference) to")
                if case .operationFailed(_, let message) = error,
                    code == GIT_ENONFASTFORWARD.rawValue || message.contains("fast-forward")
                        || message.contains("not present locally")
                {
                    throw GitError.pushRejected(reference: reference, message: message)
                }
                throw error
            }
            if let rejection = session.rejectedReferences.first {
                throw GitError.pushRejected(reference: rejection.reference, message: session.scrub(rejection.message))
            }
        }
    }
}

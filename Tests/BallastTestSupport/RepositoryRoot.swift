import Foundation

/// Ballast's repository as the tests find it: the folder this file's `Tests/` is in.
public enum RepositoryRoot {
    /// The repository's root folder.
    public static let url: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    /// Its path.
    public static var path: String { url.path }
}

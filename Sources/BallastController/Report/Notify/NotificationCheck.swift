import BallastControllerConfig
import BallastGit
import BallastModel
import Foundation

/// Checks the files `notifications:` names before the controller starts, as the Git and
/// webhook secrets are checked: a URL or secret file that cannot be read, or a URL file that
/// holds no http(s) URL, is an error at the line that names it; a secret crossing plain
/// `http://` and a secret file others can read are warnings. Never quotes a file's contents.
public enum NotificationCheck {
    /// The warnings to say once; throws every error at once.
    public static func check(_ targets: [NotificationTarget], configFile: String = "the configuration")
        throws(DesiredStateErrors) -> [String]
    {
        var errors: [DesiredStateError] = []
        var warnings: [String] = []
        for (index, target) in targets.enumerated() {
            let label = NotificationTarget.label(kind: target.kind, index: index)
            func error(_ position: SourcePosition?, _ message: String) {
                errors.append(
                    position.map { $0.error(message) } ?? DesiredStateError(file: configFile, message: message))
            }
            var url = target.url
            if let file = target.urlFile {
                if let data = FileManager.default.contents(atPath: file.value) {
                    let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                    if NotificationTarget.isWebURL(text) {
                        url = text
                    } else {
                        error(
                            file.position,
                            "the URL file \(file.value) of notification \(index + 1) must hold an http:// or https:// URL"
                        )
                    }
                } else {
                    error(file.position, "cannot read the URL file \(file.value) of notification \(index + 1)")
                }
                if let warning = SecretFileAccess.warning(path: file.value, what: "the URL file of \(label)") {
                    warnings.append(warning)
                }
            }
            if let file = target.secretFile {
                if NotificationSender.secret(at: file.value) == nil {
                    error(
                        file.position,
                        "cannot read the secret file \(file.value) of notification \(index + 1) (or it is empty)")
                }
                if let warning = SecretFileAccess.warning(path: file.value, what: "the secret file of \(label)") {
                    warnings.append(warning)
                }
            }
            if let url, url.lowercased().hasPrefix("http://") {
                if target.kind == .slack {
                    warnings.append(
                        "the URL of \(label) \(NotificationURL(url)) is plain http://: the incoming webhook's URL is its "
                            + "credential and crosses the network unencrypted, readable by anyone on the path; use https://"
                    )
                } else if target.secretFile != nil {
                    warnings.append(
                        "the URL of \(label) \(NotificationURL(url)) is plain http://: its signed events cross the network "
                            + "unencrypted, readable by anyone on the path; use https://")
                }
            }
        }
        guard errors.isEmpty else { throw DesiredStateErrors(errors) }
        return warnings
    }
}

import Foundation

/// What a rollout's hook is invoked with, and how its answer is judged: the rollout (the
/// Lambda function, from and to version, commit, stage) in, and any answer without a
/// function error is success, as CodeDeploy's hooks report success or failure.
public enum HookEvent {
    /// The event as JSON.
    public static func payload(
        function: String, fromVersion: String, toVersion: String, commit: String?, stage: String
    ) -> Data {
        let event: [String: Any] = [
            "function": function, "fromVersion": fromVersion, "toVersion": toVersion,
            "commit": commit.map { $0 as Any } ?? NSNull(), "stage": stage,
        ]
        return (try? JSONSerialization.data(withJSONObject: event, options: [.sortedKeys])) ?? Data("{}".utf8)
    }

    /// Why the hook failed, in one line (its error type and message, cut to
    /// `CheckVerdict.excerptLength`), or nil when it answered without a function error.
    public static func failure(_ answer: CheckAnswer) -> String? {
        guard let kind = answer.functionError else { return nil }
        let document = AnswerJSON.parse(answer.payload)
        let message = document?["errorMessage"]?.string ?? String(decoding: answer.payload, as: UTF8.self)
        let type = document?["errorType"]?.string.map { "\($0): " } ?? ""
        let what = message.contains("Task timed out") ? "timed out" : "failed (\(kind))"
        return "\(what): \(type)\(CheckVerdict.excerpt(message))"
    }
}

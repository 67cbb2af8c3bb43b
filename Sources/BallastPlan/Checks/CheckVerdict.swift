import BallastModel
import Foundation

/// What an invocation of a check gave back: Lambda's `X-Amz-Function-Error` and the payload.
public struct CheckAnswer: Sendable, Hashable {
    /// `Unhandled` (or `Handled`) when the function failed; nil when it answered.
    public var functionError: String?
    /// The payload: the proxy response, or Lambda's error document.
    public var payload: Data

    /// An answer from its parts.
    public init(functionError: String?, payload: Data) {
        self.functionError = functionError
        self.payload = payload
    }
}

/// How one check went: whether it passed, and in one line what came back and what was
/// expected.
public struct CheckResult: Sendable, Hashable {
    /// The check's name.
    public var name: String
    /// Whether the answer was as expected.
    public var passed: Bool
    /// The proxy answer's status; nil when the function failed or did not answer as a proxy.
    public var status: Int?
    /// What came back, the body cut to `CheckVerdict.excerptLength` characters and the
    /// check's header values masked.
    public var answer: String
    /// What was expected.
    public var expected: String
    /// Why it failed; nil when it passed.
    public var failure: String?

    /// One line: `check 'NAME' passed: got …` or `check 'NAME' failed: …; got …; expected …`.
    public var line: String {
        guard failure != nil else { return "check '\(name)' passed: got \(answer)" }
        return "\(summary); expected \(expected)"
    }

    /// The line without what was expected (which the desired state says), for where room is
    /// short: the rollout tag.
    public var summary: String {
        guard let failure else { return "check '\(name)' passed: got \(answer)" }
        return "check '\(name)' failed: \(failure); got \(answer)"
    }
}

/// Compares a check's answer with what the check expects. Pure: the invocation is the
/// caller's.
public enum CheckVerdict {
    /// How much of a body a result shows.
    public static let excerptLength = 200

    /// The result of `check` given `answer`.
    public static func judge(_ check: FunctionCheck, answer: CheckAnswer) -> CheckResult {
        let expected = describe(check.expect)
        // What is shown is masked before it is cut, so no part of a secret survives the cut.
        func shown(_ text: String) -> String { excerpt(mask(text, check: check)) }
        func result(status: Int?, answer: String, failure: String?) -> CheckResult {
            CheckResult(
                name: check.name, passed: failure == nil, status: status, answer: answer, expected: expected,
                failure: failure)
        }
        let payloadText = String(decoding: answer.payload, as: UTF8.self)
        let document = AnswerJSON.parse(answer.payload)
        if let kind = answer.functionError {
            let message = document?["errorMessage"]?.string ?? payloadText
            let type = document?["errorType"]?.string.map { "\($0): " } ?? ""
            let what = message.contains("Task timed out") ? "the function timed out" : "the function failed (\(kind))"
            return result(status: nil, answer: "\(type)\(shown(message))", failure: what)
        }
        let notProxy =
            "the answer is not an API Gateway proxy response with a statusCode and a string body (API Gateway answers 502)"
        guard case .object(let proxy) = document, case .number(let code) = proxy["statusCode"],
            code.rounded() == code, (100...599).contains(code)
        else {
            return result(status: nil, answer: "'\(shown(payloadText))'", failure: notProxy)
        }
        let status = Int(code)
        let body: String
        switch proxy["body"] {
        case nil, .null: body = ""
        case .string(let text):
            if proxy["isBase64Encoded"] == .bool(true), let data = Data(base64Encoded: text) {
                body = String(decoding: data, as: UTF8.self)
            } else {
                body = text
            }
        default:
            return result(status: nil, answer: "'\(shown(payloadText))'", failure: notProxy)
        }
        let got = "\(status), body '\(shown(body))'"
        if status != check.expect.status {
            return result(status: status, answer: got, failure: "status \(status), not \(check.expect.status)")
        }
        if let text = check.expect.bodyContains, !body.contains(text) {
            return result(status: status, answer: got, failure: "the body does not contain '\(text)'")
        }
        if !check.expect.json.isEmpty {
            guard let json = AnswerJSON.parse(Data(body.utf8)) else {
                return result(status: status, answer: got, failure: "the body is not JSON")
            }
            for field in check.expect.json.keys.sorted() {
                let want = check.expect.json[field] ?? .null
                guard let found = json.lookup(field) else {
                    return result(status: status, answer: got, failure: "the JSON body has no field \(field)")
                }
                guard found.checkValue == want else {
                    let actual = found.checkValue?.description ?? "an object or a list"
                    return result(status: status, answer: got, failure: "JSON field \(field) is \(actual), not \(want)")
                }
            }
        }
        return result(status: status, answer: got, failure: nil)
    }

    /// What `expect` asks, in one line: `status 200, body containing 'ok', version = "2"`.
    public static func describe(_ expect: CheckExpectation) -> String {
        var parts = ["status \(expect.status)"]
        if let text = expect.bodyContains { parts.append("body containing '\(text)'") }
        for field in expect.json.keys.sorted() { parts.append("\(field) = \(expect.json[field] ?? .null)") }
        return parts.joined(separator: ", ")
    }

    /// The first `excerptLength` characters of `text`, on one line.
    static func excerpt(_ text: String) -> String {
        let line = text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        return line.count > excerptLength ? String(line.prefix(excerptLength)) + "…" : line
    }

    /// `text` with the values of the check's headers (tokens, keys) masked, should the handler
    /// echo them: what a check sends is never printed.
    static func mask(_ text: String, check: FunctionCheck) -> String {
        check.headers.values.filter { $0.count >= 4 }.sorted { $0.count > $1.count }.reduce(text) {
            $0.replacingOccurrences(of: $1, with: "***")
        }
    }
}

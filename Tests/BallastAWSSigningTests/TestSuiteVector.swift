import BallastAWSSigning
import Foundation
import Testing

/// One case of AWS's SigV4 test suite (`.build-vectors/aws4_testsuite`, put there from the
/// pinned botocore source distribution by `.ci/fetch-sigv4-vectors`): the raw request (`.req`) and the canonical
/// request, string to sign and `Authorization` value it must produce.
struct TestSuiteVector: CustomTestStringConvertible, Sendable {
    /// The suite's fixed inputs.
    static let date = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z
    static let region = "us-east-1"
    static let service = "service"
    static let accessKeyId = "AKIDEXAMPLE"
    static let secretAccessKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(".build-vectors/aws4_testsuite")

    /// The case's folder relative to the suite folder (`get-vanilla`, `normalize-path/get-slash`).
    let name: String
    let request: SigningRequest
    let sessionToken: String?
    let canonicalRequest: String
    let stringToSign: String
    let authorization: String

    var testDescription: String { name }

    /// Every case folder in the suite folder, by name.
    static func all() throws -> [TestSuiteVector] {
        let files = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)
        var names: [String] = []
        while let file = files?.nextObject() as? URL {
            guard file.pathExtension == "req" else { continue }
            let folder = file.deletingLastPathComponent().path
            names.append(String(folder.dropFirst(directory.path.count + 1)))
        }
        return try names.sorted().map(load)
    }

    /// The case in the suite folder `<name>/`.
    static func load(_ name: String) throws -> TestSuiteVector {
        let base = directory.appendingPathComponent(name)
            .appendingPathComponent(URL(fileURLWithPath: name).lastPathComponent)
        func read(_ suffix: String) throws -> String {
            try String(contentsOf: base.appendingPathExtension(suffix), encoding: .utf8)
                .replacingOccurrences(of: "\r", with: "")
        }
        let canonical = try read("creq")
        // As botocore does: the session token of a case is the one its canonical request signs.
        let token = canonical.split(separator: "\n")
            .first { $0.hasPrefix("x-amz-security-token:") }
            .map { String($0.dropFirst("x-amz-security-token:".count)) }
        return TestSuiteVector(
            name: name,
            request: try parseRequest(read("req")),
            sessionToken: token,
            canonicalRequest: canonical,
            stringToSign: try read("sts"),
            authorization: try read("authz")
        )
    }

    /// Parses a `.req` file: `METHOD target HTTP/1.1`, header lines (a line starting with
    /// whitespace continues the previous value), a blank line, the body. The target may hold
    /// spaces (`get-space`), so it runs up to the last ` HTTP/`.
    static func parseRequest(_ text: String) throws -> SigningRequest {
        let (head, body) =
            text.range(of: "\n\n").map { (text[..<$0.lowerBound], text[$0.upperBound...]) }
            ?? (text[...], "")
        var lines = head.split(separator: "\n", omittingEmptySubsequences: false)
        let requestLine = lines.removeFirst()
        guard let methodEnd = requestLine.firstIndex(of: " "),
            let versionStart = requestLine.range(of: " HTTP/", options: .backwards)?.lowerBound
        else { throw VectorError.malformed("request line \(requestLine)") }
        let method = String(requestLine[..<methodEnd])
        let target = requestLine[requestLine.index(after: methodEnd)..<versionStart]

        var headers: [SigningRequest.Header] = []
        for line in lines where !line.isEmpty {
            if line.first == " " || line.first == "\t", !headers.isEmpty {
                headers[headers.count - 1].value += "\n" + line
            } else if let colon = line.firstIndex(of: ":") {
                headers.append(.init(String(line[..<colon]), String(line[line.index(after: colon)...])))
            } else {
                throw VectorError.malformed("header line \(line)")
            }
        }

        let path: Substring
        var queryItems: [SigningRequest.QueryItem] = []
        if let question = target.firstIndex(of: "?") {
            path = target[..<question]
            for pair in target[target.index(after: question)...].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = String(parts[0]).removingPercentEncoding ?? String(parts[0])
                let value = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : ""
                queryItems.append(.init(name, value))
            }
        } else {
            path = target
        }
        return SigningRequest(
            method: method,
            path: String(path),
            queryItems: queryItems,
            headers: headers,
            payload: .bytes(Array(body.utf8))
        )
    }

    enum VectorError: Error {
        case malformed(String)
    }
}

import BallastControllerConfig
import BallastHTTP
import BallastModel
import BallastPlan
import Foundation
import ServiceLifecycle

/// Posts events to one target through Ballast's libcurl transport: builds the body for the
/// target's kind, signs a generic webhook's body when it has a secret, and retries a 5xx or a
/// request without an answer a few times with a growing pause; a 4xx is not retried. The URL
/// and secret files are read for every event, so a rotated Secret is picked up.
struct NotificationSender: Sendable {
    let target: NotificationTarget
    let label: String
    let transport: HTTPTransport
    /// Requests per event, the first included.
    let attempts: Int
    /// The pause before the second attempt; it doubles for each one after.
    let backoff: Duration

    /// Sends `event`; throws ``NotificationFailure`` when the last attempt failed too.
    func send(_ event: NotificationEvent) async throws {
        let url = try resolvedURL()
        let request = try request(for: event, url: url)
        var pause = backoff
        var attempt = 1
        while true {
            let failure: NotificationFailure
            do {
                let response = try await transport.send(request)
                if (200..<300).contains(response.status) { return }
                failure = NotificationFailure(
                    target: label, url: NotificationURL(url.absoluteString), reason: .status(response.status),
                    attempts: attempt)
            } catch let error as TransportError {
                failure = NotificationFailure(
                    target: label, url: NotificationURL(url.absoluteString), reason: .transport(error.kind),
                    attempts: attempt)
            }
            // Shutting down: the event is given up rather than retried.
            guard failure.isRetryable, attempt < attempts, !Task.isCancelled, !Task.isShuttingDownGracefully else {
                throw failure
            }
            try await Task.sleep(for: pause)
            pause *= 2
            attempt += 1
        }
    }

    /// The request for `event`: the body of the target's kind, signed when a secret is set.
    func request(for event: NotificationEvent, url: URL) throws(NotificationFailure) -> HTTPRequest {
        let body = target.kind == .slack ? NotificationPayload.slack(event) : NotificationPayload.webhook(event)
        var headers = [
            HTTPHeader("Content-Type", "application/json"), HTTPHeader("User-Agent", "ballast"),
            HTTPHeader("X-Ballast-Event", event.kind.rawValue),
        ]
        if let secretFile = target.secretFile?.value {
            guard let secret = Self.secret(at: secretFile) else {
                throw NotificationFailure(
                    target: label, url: NotificationURL(url.absoluteString),
                    reason: .unreadable("cannot read the secret file \(secretFile)"), attempts: 0)
            }
            headers.append(
                HTTPHeader(NotificationSignature.header, NotificationSignature.value(body: body, secret: secret)))
        }
        return HTTPRequest(method: "POST", url: url, headers: headers, body: body)
    }

    /// The URL written in the configuration or read from `urlFile`.
    func resolvedURL() throws(NotificationFailure) -> URL {
        let text: String
        if let file = target.urlFile?.value {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw NotificationFailure(
                    target: label, url: nil, reason: .unreadable("cannot read the URL file \(file)"), attempts: 0)
            }
            text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        } else {
            text = target.url ?? ""
        }
        guard NotificationTarget.isWebURL(text), let url = URL(string: text) else {
            throw NotificationFailure(
                target: label, url: nil,
                reason: .unreadable("the URL\(target.urlFile.map { " in \($0.value)" } ?? "") is not an http(s) URL"),
                attempts: 0)
        }
        return url
    }

    /// The bytes of a secret file without the trailing newline secret files usually end with;
    /// nil when it cannot be read or is empty.
    static func secret(at path: String) -> [UInt8]? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        var bytes = [UInt8](data)
        while let last = bytes.last, last == 0x0A || last == 0x0D || last == 0x20 || last == 0x09 { bytes.removeLast() }
        return bytes.isEmpty ? nil : bytes
    }
}

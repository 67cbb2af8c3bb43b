import CCurl
import Foundation

/// One request in flight: its easy handle, the memory libcurl reads and writes, and the
/// continuation that gets the result.
///
/// Made on the caller's thread; from the moment `CurlMulti` adds it, only the curl thread
/// touches it, and that thread resumes `continuation` exactly once.
final class CurlTransfer: @unchecked Sendable {
    let url: String
    let easy: UnsafeMutableRawPointer
    let continuation: CheckedContinuation<HTTPResponse, any Error>
    /// Set by the task's cancellation handler, read by the curl thread.
    let cancellation: Locked<Bool>

    private let maximumResponseBytes: Int
    private var requestHeaders: UnsafeMutablePointer<curl_slist>?
    private let requestBody: UnsafeMutableRawBufferPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var responseBody = Data()
    private var responseHeaders: [HTTPHeader] = []
    private var exceededLimit = false

    /// A configured easy handle for `request`; throws `.invalidRequest` when libcurl refuses an option.
    init(
        request: HTTPRequest,
        configuration: TransportConfiguration,
        cancellation: Locked<Bool>,
        continuation: CheckedContinuation<HTTPResponse, any Error>
    ) throws(TransportError) {
        self.url = request.url.absoluteString
        self.continuation = continuation
        self.cancellation = cancellation
        self.maximumResponseBytes = configuration.maximumResponseBytes
        self.requestBody = .allocate(byteCount: max(1, request.body.count), alignment: 1)
        _ = request.body.copyBytes(to: requestBody.bindMemory(to: UInt8.self))
        self.errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        guard let easy = curl_easy_init() else {
            requestBody.deallocate()
            errorBuffer.deallocate()
            throw TransportError(kind: .invalidRequest, url: url, detail: "curl_easy_init failed")
        }
        self.easy = easy
        try configure(request: request, configuration: configuration)
    }

    deinit {
        curl_easy_cleanup(easy)
        curl_slist_free_all(requestHeaders)
        requestBody.deallocate()
        errorBuffer.deallocate()
    }

    /// Whether the task that sent this request was cancelled.
    var isCancelled: Bool { cancellation.withLock { $0 } }

    /// The response, or the error, once libcurl reports `code` for this transfer.
    func result(_ code: CURLcode) -> Result<HTTPResponse, TransportError> {
        if code == CURLE_OK {
            var status = 0
            _ = ballast_curl_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
            return .success(HTTPResponse(status: status, headers: responseHeaders, body: responseBody))
        }
        let detail = String(cString: errorBuffer)
        let message = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        let tooLarge = exceededLimit || code == CURLE_FILESIZE_EXCEEDED
        let kind = tooLarge ? .responseTooLarge(limit: maximumResponseBytes) : Self.kind(of: code)
        return .failure(TransportError(kind: kind, url: url, detail: message))
    }

    // MARK: - Options

    private func configure(request: HTTPRequest, configuration: TransportConfiguration) throws(TransportError) {
        try set(CURLOPT_URL, url)
        try set(CURLOPT_NOSIGNAL, 1)
        try set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer))
        try set(CURLOPT_PROTOCOLS_STR, "http,https")
        try set(CURLOPT_FOLLOWLOCATION, 0)
        try set(CURLOPT_CONNECTTIMEOUT_MS, configuration.connectTimeout.curlMilliseconds)
        try set(CURLOPT_TIMEOUT_MS, configuration.timeout.curlMilliseconds)
        try set(CURLOPT_SSL_VERIFYPEER, 1)
        try set(CURLOPT_SSL_VERIFYHOST, 2)
        if let caBundlePath = configuration.caBundlePath {
            try set(CURLOPT_CAINFO, caBundlePath)
        }
        switch configuration.proxy {
        case .environment: break  // libcurl reads the proxy variables when it starts the transfer.
        case .none: try set(CURLOPT_PROXY, "")
        case .url(let proxy): try set(CURLOPT_PROXY, proxy)
        }
        try set(CURLOPT_MAXFILESIZE_LARGE, offset: curl_off_t(configuration.maximumResponseBytes))
        try setMethodAndBody(request)
        try setHeaders(request)

        let context = Unmanaged.passUnretained(self).toOpaque()
        try check(ballast_curl_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, context))
        try check(
            ballast_curl_easy_setopt_data_callback(easy, CURLOPT_WRITEFUNCTION) { data, size, count, context in
                guard let data, let context else { return 0 }
                let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
                return transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: size * count))
            })
        try check(ballast_curl_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, context))
        try check(
            ballast_curl_easy_setopt_data_callback(easy, CURLOPT_HEADERFUNCTION) { data, size, count, context in
                guard let data, let context else { return 0 }
                let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
                transfer.receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: size * count))
                return size * count
            })
    }

    private func setMethodAndBody(_ request: HTTPRequest) throws(TransportError) {
        let method = request.method.uppercased()
        let sendsBody = !request.body.isEmpty || ["POST", "PUT", "PATCH"].contains(method)
        switch method {
        case "HEAD":
            try set(CURLOPT_NOBODY, 1)
        case "GET" where !sendsBody:
            try set(CURLOPT_HTTPGET, 1)
        case "POST":
            break
        default:
            try set(CURLOPT_CUSTOMREQUEST, method)
        }
        if sendsBody {
            try set(CURLOPT_POSTFIELDSIZE_LARGE, offset: curl_off_t(request.body.count))
            try set(CURLOPT_POSTFIELDS, pointer: requestBody.baseAddress)
        }
    }

    private func setHeaders(_ request: HTTPRequest) throws(TransportError) {
        var lines = request.headers.map { $0.value.isEmpty ? "\($0.name);" : "\($0.name): \($0.value)" }
        // Send exactly the body's own headers: no `Expect: 100-continue` round trip, and no
        // form content type that curl would otherwise add to a body sent without one.
        lines.append("Expect:")
        if !request.body.isEmpty, request.headers.value(for: "Content-Type") == nil {
            lines.append("Content-Type:")
        }
        for line in lines {
            guard let appended = curl_slist_append(requestHeaders, line) else {
                throw TransportError(kind: .invalidRequest, url: url, detail: "cannot add header \(line)")
            }
            requestHeaders = appended
        }
        try set(CURLOPT_HTTPHEADER, pointer: UnsafeMutableRawPointer(requestHeaders))
    }

    private func set(_ option: CURLoption, _ value: Int) throws(TransportError) {
        try check(ballast_curl_easy_setopt_long(easy, option, value))
    }

    private func set(_ option: CURLoption, _ value: String) throws(TransportError) {
        // libcurl copies string options (since 7.17), so the temporary C string may go.
        try check(ballast_curl_easy_setopt_string(easy, option, value))
    }

    private func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer?) throws(TransportError) {
        try check(ballast_curl_easy_setopt_pointer(easy, option, pointer))
    }

    private func set(_ option: CURLoption, offset: curl_off_t) throws(TransportError) {
        try check(ballast_curl_easy_setopt_offset(easy, option, offset))
    }

    private func check(_ code: CURLcode) throws(TransportError) {
        guard code == CURLE_OK else {
            throw TransportError(kind: .invalidRequest, url: url, detail: String(cString: curl_easy_strerror(code)))
        }
    }

    // MARK: - Callbacks (on the curl thread)

    /// Appends a chunk of body; returning less than its size makes libcurl abort the transfer.
    private func receiveBody(_ chunk: UnsafeRawBufferPointer) -> Int {
        guard responseBody.count + chunk.count <= maximumResponseBytes else {
            exceededLimit = true
            return 0
        }
        responseBody.append(contentsOf: chunk)
        return chunk.count
    }

    /// Records one header line; a status line starts a new response (after `100 Continue`).
    private func receiveHeaderLine(_ line: UnsafeRawBufferPointer) {
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("HTTP/") {
            responseHeaders = []
            return
        }
        guard let colon = text.firstIndex(of: ":") else { return }
        let name = String(text[..<colon])
        let value = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        responseHeaders.append(HTTPHeader(name, value))
    }

    // MARK: - Errors

    private static func kind(of code: CURLcode) -> TransportError.Kind {
        switch code {
        case CURLE_COULDNT_CONNECT: .connectionRefused
        case CURLE_SEND_ERROR, CURLE_RECV_ERROR: .connectionReset
        case CURLE_PARTIAL_FILE: .connectionClosed
        case CURLE_GOT_NOTHING: .emptyReply
        case CURLE_OPERATION_TIMEDOUT: .timedOut
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: .hostNotFound
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE,
            CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH:
            .tls
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL, CURLE_BAD_FUNCTION_ARGUMENT: .invalidRequest
        default: .other(curlCode: Int(code.rawValue))
        }
    }
}

import CCurl
import Foundation

/// One libcurl multi handle driven by one dedicated thread.
///
/// Callers hand transfers over with `submit`, and after marking a transfer cancelled call
/// `wakeUp`; both only touch a locked queue and wake the thread with `curl_multi_wakeup`. The thread adds and
/// removes easy handles, runs `curl_multi_perform`, waits in `curl_multi_poll`, and resumes each
/// transfer's continuation once. Connections stay in the multi handle's cache between
/// requests, so sequential requests to one host reuse one connection. No blocking curl call
/// ever runs on Swift's cooperative thread pool.
final class CurlMulti: @unchecked Sendable {
    /// What callers and the curl thread share.
    private struct Inbox {
        var pending: [CurlTransfer] = []
        var stopping = false
        /// Set by the curl thread before it frees the multi handle; no wakeup after that.
        var closed = false
    }

    private let multi: UnsafeMutableRawPointer
    private let inbox = Locked(Inbox())
    /// Transfers in the multi handle, by easy handle; only the curl thread touches it.
    private var running: [UnsafeMutableRawPointer: CurlTransfer] = [:]

    /// A multi handle and its thread; `nil` when libcurl cannot be initialised.
    init?(maximumConnectionsPerHost: Int) {
        guard CurlGlobal.ensureInitialized(), let multi = curl_multi_init() else { return nil }
        self.multi = multi
        _ = ballast_curl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, maximumConnectionsPerHost)
        _ = ballast_curl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, max(8, maximumConnectionsPerHost * 4))
        let thread = Thread { [self] in run() }
        thread.name = "ballast-curl"
        thread.start()
    }

    /// Queues `transfer`; it fails at once with `CancellationError` if it is already cancelled.
    func submit(_ transfer: CurlTransfer) {
        let refused: (any Error)? = inbox.withLock { inbox in
            if inbox.stopping { return TransportError(kind: .shutDown, url: transfer.url) }
            if transfer.isCancelled { return CancellationError() }
            inbox.pending.append(transfer)
            _ = curl_multi_wakeup(multi)
            return nil
        }
        if let refused { transfer.continuation.resume(throwing: refused) }
    }

    /// Wakes the thread so it notices a transfer marked cancelled.
    func wakeUp() {
        inbox.withLock { inbox in
            guard !inbox.closed else { return }
            _ = curl_multi_wakeup(multi)
        }
    }

    /// Stops the thread; transfers still in flight fail with `.shutDown`.
    func stop() {
        inbox.withLock { inbox in
            guard !inbox.closed else { return }
            inbox.stopping = true
            _ = curl_multi_wakeup(multi)
        }
    }

    // MARK: - The curl thread

    private func run() {
        while true {
            let (added, stopping) = inbox.withLock { inbox in
                defer { inbox.pending = [] }
                return (inbox.pending, inbox.stopping)
            }
            for transfer in added { add(transfer) }
            removeCancelled()
            if stopping { break }

            var stillRunning: Int32 = 0
            _ = curl_multi_perform(multi, &stillRunning)
            collectFinished()
            _ = curl_multi_poll(multi, nil, 0, 1000, nil)
        }
        shutDown()
    }

    private func add(_ transfer: CurlTransfer) {
        let code = curl_multi_add_handle(multi, transfer.easy)
        guard code == CURLM_OK else {
            let detail = String(cString: curl_multi_strerror(code))
            transfer.continuation.resume(
                throwing: TransportError(kind: .invalidRequest, url: transfer.url, detail: detail))
            return
        }
        running[transfer.easy] = transfer
    }

    /// Takes cancelled transfers out of the multi handle, which aborts them, and fails them
    /// with `CancellationError`.
    private func removeCancelled() {
        for (easy, transfer) in running where transfer.isCancelled {
            finish(easy, with: .failure(CancellationError()))
        }
    }

    private func collectFinished() {
        var queued: Int32 = 0
        while let message = curl_multi_info_read(multi, &queued) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle,
                let transfer = running[easy]
            else { continue }
            let result = transfer.result(message.pointee.data.result)
            finish(easy, with: result.mapError { $0 as any Error })
        }
    }

    private func finish(_ easy: UnsafeMutableRawPointer, with result: Result<HTTPResponse, any Error>) {
        guard let transfer = running.removeValue(forKey: easy) else { return }
        _ = curl_multi_remove_handle(multi, easy)
        transfer.continuation.resume(with: result)
    }

    private func shutDown() {
        for (easy, transfer) in running {
            finish(easy, with: .failure(TransportError(kind: .shutDown, url: transfer.url)))
        }
        let left = inbox.withLock { inbox in
            inbox.closed = true
            defer { inbox.pending = [] }
            return inbox.pending
        }
        for transfer in left {
            transfer.continuation.resume(throwing: TransportError(kind: .shutDown, url: transfer.url))
        }
        curl_multi_cleanup(multi)
    }
}

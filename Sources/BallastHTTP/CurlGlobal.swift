import CCurl

/// libcurl's process-wide initialisation, done once before the first handle is made.
enum CurlGlobal {
    /// The `CURLcode` of the one `curl_global_init` call; Swift runs a `static let` once, on
    /// first use, under a lock. There is no matching cleanup: the library stays ready for the
    /// process's life.
    private static let initResult: UInt32 = curl_global_init(Int(CURL_GLOBAL_DEFAULT)).rawValue

    /// Initialises libcurl if no one has; `false` when it could not be.
    static func ensureInitialized() -> Bool {
        initResult == CURLE_OK.rawValue
    }
}

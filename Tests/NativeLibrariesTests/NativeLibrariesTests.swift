import CCurl
import CGit2
import Testing

@Suite("native libraries link and initialise")
struct NativeLibrariesTests {
    @Test("libgit2 initialises and reports HTTPS and SSH support")
    func libgit2Features() {
        #expect(git_libgit2_init() >= 1)
        defer { git_libgit2_shutdown() }
        let features = git_libgit2_features()
        #expect(features & Int32(GIT_FEATURE_HTTPS.rawValue) != 0, "libgit2 was built without HTTPS")
        #expect(features & Int32(GIT_FEATURE_SSH.rawValue) != 0, "libgit2 was built without SSH")
        var major: Int32 = 0
        var minor: Int32 = 0
        var revision: Int32 = 0
        #expect(git_libgit2_version(&major, &minor, &revision) == 0)
        #expect(major >= 1)
    }

    @Test("libcurl initialises, speaks HTTPS, and the setopt shim sets an option")
    func libcurlInitialises() throws {
        #expect(curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK)
        defer { curl_global_cleanup() }
        let info = try #require(ballast_curl_version_info())
        let protocols = sequence(state: info.pointee.protocols) { cursor -> String? in
            guard let pointer = cursor?.pointee else { return nil }
            cursor = cursor?.advanced(by: 1)
            return String(cString: pointer)
        }
        #expect(Array(protocols).contains("https"))
        let handle = try #require(curl_easy_init())
        defer { curl_easy_cleanup(handle) }
        #expect(ballast_curl_easy_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, 1000) == CURLE_OK)
        #expect(ballast_curl_easy_setopt_string(handle, CURLOPT_URL, "https://example.invalid/") == CURLE_OK)
        // An option that does not exist is refused: the shim passes the value through unchanged.
        #expect(ballast_curl_easy_setopt_long(handle, CURLoption(rawValue: 99_999), 1) != CURLE_OK)
    }
}

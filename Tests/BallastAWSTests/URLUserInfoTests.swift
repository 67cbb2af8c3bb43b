import BallastAWS
import BallastHTTP
import Testing

/// A password in an AWS endpoint or API URL never reaches an error message.
@Suite("URL user-info in AWS errors")
struct URLUserInfoTests {
    @Test(
        "every user-info is hidden, the rest of the text kept",
        arguments: [
            ("http://user:s3cret@127.0.0.1:9/", "http://***@127.0.0.1:9/"),
            ("https://tok3n@api.example.com", "https://***@api.example.com"),
            ("a http://u:p@h/x and https://q@h2?y=1 b", "a http://***@h/x and https://***@h2?y=1 b"),
            ("http://127.0.0.1:9/path@not-user-info", "http://127.0.0.1:9/path@not-user-info"),
            ("no url here", "no url here"),
        ])
    func redacted(text: String, expected: String) {
        #expect(URLUserInfo.redacted(text) == expected)
    }

    @Test("TransportError and ConfigurationError print no password")
    func errors() {
        let transport = TransportError(
            kind: .connectionRefused, url: "http://user:s3cret@127.0.0.1:9/", detail: "Failed to connect")
        #expect(!transport.description.contains("s3cret"))
        #expect(transport.description.contains("http://***@127.0.0.1:9/"))
        let configuration = ConfigurationError(.invalidEndpoint(setting: "AWS_ENDPOINT_URL", value: "ftp://u:s3cret@h"))
        #expect(!configuration.description.contains("s3cret"))
    }
}

import BallastAWSSigning
import Foundation
import Testing

/// Behaviour the suite and botocore do not pin down, or that Ballast adds.
@Suite("SigV4 signer")
struct SigV4SignerTests {
    static let credentials = AWSCredentials(
        accessKeyId: "AKIDEXAMPLE",
        secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        sessionToken: "token-secret-value"
    )
    static let date = TestSuiteVector.date

    @Test("credentials never print their secret or token")
    func credentialsAreRedacted() {
        let texts = [
            "\(Self.credentials)", String(describing: Self.credentials), String(reflecting: Self.credentials),
            {
                var out = ""; dump(Self.credentials, to: &out); return out
            }(),
        ]
        for text in texts {
            #expect(text.contains("AKIDEXAMPLE"))
            #expect(!text.contains("wJalrXUtnFEMI"))
            #expect(!text.contains("token-secret-value"))
        }
    }

    @Test(
        "the signing date is UTC and drops fractions",
        arguments: [
            (0.0, "19700101T000000Z"), (1_440_938_160.75, "20150830T123600Z"), (951_782_400, "20000229T000000Z"),
            (4_102_444_799, "20991231T235959Z"), (-1, "19691231T235959Z"),
        ])
    func signingDate(seconds: Double, timestamp: String) {
        #expect(SigningDate(Date(timeIntervalSince1970: seconds)).timestamp == timestamp)
    }

    @Test("S3 signs the path as sent; other services normalize it and encode it again")
    func s3PathIsNotNormalized() {
        let request = SigningRequest(method: "GET", path: "/my-bucket//a/./b/../c%20d", headers: [.init("Host", "h")])
        let s3 = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "s3").sign(
            request, date: Self.date)
        let lambda = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "lambda")
            .sign(request, date: Self.date)
        #expect(s3.canonicalRequest.text.split(separator: "\n")[1] == "/my-bucket//a/./b/../c%20d")
        #expect(lambda.canonicalRequest.text.split(separator: "\n")[1] == "/my-bucket/a/c%2520d")
    }

    @Test("S3 sends the payload hash; an unsigned payload says UNSIGNED-PAYLOAD everywhere")
    func payloadHashHeader() {
        let request = SigningRequest(method: "PUT", path: "/b/k", headers: [.init("Host", "h")], payload: .unsigned)
        for service in ["s3", "lambda"] {
            let signed = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: service)
                .sign(request, date: Self.date)
            #expect(signed.headers.contains(.init("X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD")))
            #expect(signed.canonicalRequest.text.hasSuffix("\nUNSIGNED-PAYLOAD"))
        }
        let empty = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "s3")
            .sign(SigningRequest(method: "GET", path: "/", headers: [.init("Host", "h")]), date: Self.date)
        #expect(empty.headers.contains(.init("X-Amz-Content-Sha256", SigningPayload.emptyHash)))
    }

    @Test("signing replaces stale Authorization, date and token headers instead of adding to them")
    func resigningReplacesHeaders() {
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "sts")
        let request = SigningRequest(method: "POST", path: "/", headers: [.init("Host", "sts.amazonaws.com")])
        let once = signer.sign(request, date: Self.date)
        var again = request
        again.headers = once.headers
        let twice = signer.sign(again, date: Self.date)
        #expect(twice.headers == once.headers)
        #expect(once.headers.filter { $0.name == "X-Amz-Security-Token" }.count == 1)
    }

    @Test("a cached signing key gives the same signature, and a key for another day is not used")
    func signingKeyCache() {
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "sts")
        let request = SigningRequest(method: "GET", path: "/", headers: [.init("Host", "h")])
        let key = signer.signingKey(for: SigningDate(Self.date))
        let staleKey = signer.signingKey(for: SigningDate(Self.date.addingTimeInterval(-86_400)))
        let fresh = signer.sign(request, date: Self.date)
        #expect(signer.sign(request, date: Self.date, signingKey: key) == fresh)
        #expect(signer.sign(request, date: Self.date, signingKey: staleKey) == fresh)
    }

    @Test("a request from a URL takes its encoded path, decoded query and host with a non-default port")
    func requestFromURL() throws {
        let url = try #require(URL(string: "https://Example.com:8443/a%20b/c?x=1&y=%2F&z"))
        let request = try #require(SigningRequest(method: "GET", url: url))
        #expect(request.path == "/a%20b/c")
        #expect(request.queryItems == [.init("x", "1"), .init("y", "/"), .init("z", "")])
        #expect(request.headers == [.init("Host", "example.com:8443")])
        let plainURL = try #require(URL(string: "https://h.com:443"))
        let plain = try #require(SigningRequest(method: "GET", url: plainURL))
        #expect(plain.path == "/" && plain.headers == [.init("Host", "h.com")])
    }

    @Test("a presigned S3 URL signs UNSIGNED-PAYLOAD and carries the token in its query")
    func presignedS3() throws {
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "s3")
        let request = SigningRequest(method: "GET", path: "/bucket/key", headers: [.init("Host", "s3.amazonaws.com")])
        let presigned = signer.presign(request, date: Self.date, expires: 900)
        #expect(presigned.canonicalRequest.text.hasSuffix("\nhost\nUNSIGNED-PAYLOAD"))
        #expect(presigned.query.contains("X-Amz-Security-Token=token-secret-value"))
        #expect(presigned.query.hasSuffix("&X-Amz-Signature=\(presigned.signature)"))
        #expect(
            presigned.url()?.absoluteString.hasPrefix("https://s3.amazonaws.com/bucket/key?X-Amz-Algorithm=") == true)
    }
}

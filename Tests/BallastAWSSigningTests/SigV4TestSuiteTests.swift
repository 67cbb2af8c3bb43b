import BallastAWSSigning
import Foundation
import Testing

/// AWS's Signature Version 4 test suite (Apache-2.0, from botocore's source distribution, see
/// `.ci/fetch-sigv4-vectors`), every case.
@Suite("AWS SigV4 test suite")
struct SigV4TestSuiteTests {
    static let vectors: [TestSuiteVector] = (try? TestSuiteVector.all()) ?? []

    @Test("the suite's vectors are all found")
    func vectorsAreFound() throws {
        let vectors = try TestSuiteVector.all()
        #expect(vectors.count == 34, "run .ci/fetch-sigv4-vectors to put AWS's SigV4 test suite in .build-vectors/")
    }

    @Test("canonical request, string to sign and Authorization match the suite", arguments: vectors)
    func vector(_ vector: TestSuiteVector) {
        let credentials = AWSCredentials(
            accessKeyId: TestSuiteVector.accessKeyId,
            secretAccessKey: TestSuiteVector.secretAccessKey,
            sessionToken: vector.sessionToken
        )
        let signer = SigV4Signer(
            credentials: credentials, region: TestSuiteVector.region, service: TestSuiteVector.service)
        let signed = signer.sign(vector.request, date: TestSuiteVector.date)
        #expect(signed.canonicalRequest.text == vector.canonicalRequest)
        #expect(signed.stringToSign == vector.stringToSign)
        #expect(signed.authorization == vector.authorization)
    }
}

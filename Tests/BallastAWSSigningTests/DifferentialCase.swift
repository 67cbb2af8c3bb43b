import BallastAWSSigning
import Foundation

/// One request signed by both Ballast and botocore; the JSON shape `botocore_sign.py` reads.
struct DifferentialCase: Codable, Sendable {
    var service: String
    var region: String
    var accessKeyId: String
    var secretAccessKey: String
    var sessionToken: String?
    var method: String
    /// Lowercase host, with `:port` when the port is not 443.
    var host: String
    /// The wire path, percent-encoded where it must be.
    var path: String
    var params: [[String]]
    var headers: [[String]]
    var body: [UInt8]
    var unsigned: Bool
    var presignExpires: Int?

    var credentials: AWSCredentials {
        AWSCredentials(accessKeyId: accessKeyId, secretAccessKey: secretAccessKey, sessionToken: sessionToken)
    }

    var signer: SigV4Signer { SigV4Signer(credentials: credentials, region: region, service: service) }

    /// The request as Ballast signs it; `Host` is what botocore derives from the URL.
    var request: SigningRequest {
        SigningRequest(
            method: method,
            path: path,
            queryItems: params.map { .init($0[0], $0[1]) },
            headers: [.init("Host", host)] + headers.map { .init($0[0], $0[1]) },
            payload: unsigned ? .unsigned : .bytes(body)
        )
    }

    /// What `botocore_sign.py` reads: the same request, the body in base64 and a full URL.
    struct Wire: Encodable {
        let service, region, accessKeyId, secretAccessKey: String
        let sessionToken: String?
        let method, url: String
        let params, headers: [[String]]
        let body: String
        let unsigned: Bool
        let presignExpires: Int?
    }

    var wire: Wire {
        Wire(
            service: service, region: region, accessKeyId: accessKeyId, secretAccessKey: secretAccessKey,
            sessionToken: sessionToken, method: method, url: "https://\(host)\(path)", params: params,
            headers: headers, body: Data(body).base64EncodedString(), unsigned: unsigned,
            presignExpires: presignExpires
        )
    }
}

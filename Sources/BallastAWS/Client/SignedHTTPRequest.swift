import BallastAWSSigning
import BallastHTTP
import Foundation

extension HTTPRequest {
    /// A request to `url` signed with SigV4 by `signer` at `date`: the given headers plus
    /// `Host`, `X-Amz-Date`, the session token where there is one, and `Authorization`.
    ///
    /// Throws `TransportError` with kind `.invalidRequest` when `url` has no host.
    public static func signed(
        method: String,
        url: URL,
        headers: [HTTPHeader] = [],
        body: Data = Data(),
        signer: SigV4Signer,
        date: Date
    ) throws(TransportError) -> HTTPRequest {
        guard
            let unsigned = SigningRequest(
                method: method,
                url: url,
                headers: headers.map { SigningRequest.Header($0.name, $0.value) },
                payload: .data(body)
            )
        else {
            throw TransportError(kind: .invalidRequest, url: url.absoluteString, detail: "the URL has no host")
        }
        let signed = signer.sign(unsigned, date: date)
        return HTTPRequest(
            method: method,
            url: url,
            headers: signed.headers.map { HTTPHeader($0.name, $0.value) },
            body: body
        )
    }
}

import Hummingbird

extension RequestBody {
    /// The whole body, read chunk by chunk and abandoned as soon as it exceeds `limit` bytes, so
    /// an oversized upload is never held in memory. A declared `Content-Length` over the limit
    /// is refused before anything is read.
    func collect(limit: Int, declaredLength: Int?) async throws(WebhookError) -> [UInt8] {
        if let declaredLength, declaredLength > limit { throw .bodyTooLarge(limit: limit) }
        var bytes: [UInt8] = []
        do {
            for try await chunk in self {
                guard bytes.count + chunk.readableBytes <= limit else { throw WebhookError.bodyTooLarge(limit: limit) }
                bytes.append(contentsOf: chunk.readableBytesView)
            }
        } catch let error as WebhookError {
            throw error
        } catch {
            throw .bodyUnreadable
        }
        return bytes
    }
}

import Foundation

/// The JSON encoder and decoder settings every AWS JSON protocol shares: timestamps as epoch
/// seconds (fractions allowed), keys in sorted order so the same input gives the same bytes.
public enum AWSJSONCoding {
    /// An encoder for request bodies.
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .secondsSince1970
        return encoder
    }

    /// A decoder for response bodies.
    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return decoder
    }

    /// `value` as JSON; throws `RequestEncodingError` when it does not encode.
    public static func encode(_ value: some Encodable) throws(RequestEncodingError) -> Data {
        do {
            return try encoder().encode(value)
        } catch {
            throw RequestEncodingError(reason: "the body does not encode as JSON: \(error)")
        }
    }

    /// A `Output` decoded from `body`; an empty body reads as `{}`.
    ///
    /// Throws `ResponseDecodingError` naming the key path at fault, never the value.
    public static func decode<Output: Decodable>(_ type: Output.Type, from body: Data) throws(ResponseDecodingError)
        -> Output
    {
        let data = body.isEmpty ? Data("{}".utf8) : body
        do {
            return try decoder().decode(Output.self, from: data)
        } catch let error as DecodingError {
            throw Self.describe(error)
        } catch {
            throw ResponseDecodingError(reason: "unreadable JSON")
        }
    }

    private static func describe(_ error: DecodingError) -> ResponseDecodingError {
        func path(_ keys: [any CodingKey]) -> String {
            keys.reduce(into: "") { path, key in
                if let index = key.intValue {
                    path += "[\(index)]"
                } else {
                    path += (path.isEmpty ? "" : ".") + key.stringValue
                }
            }
        }
        switch error {
        case .keyNotFound(let key, let context):
            return ResponseDecodingError(path: path(context.codingPath + [key]), reason: "missing")
        case .valueNotFound(let type, let context):
            return ResponseDecodingError(path: path(context.codingPath), reason: "null where \(type) was expected")
        case .typeMismatch(let type, let context):
            return ResponseDecodingError(path: path(context.codingPath), reason: "not a \(type)")
        case .dataCorrupted(let context):
            return ResponseDecodingError(path: path(context.codingPath), reason: "malformed JSON")
        @unknown default:
            return ResponseDecodingError(reason: "unreadable JSON")
        }
    }
}

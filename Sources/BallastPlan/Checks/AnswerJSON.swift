import BallastModel
import Foundation

/// A JSON document from a handler's answer, decoded without loss of type (a `true` is not
/// the number 1), for checks to read fields of.
indirect enum AnswerJSON: Decodable, Hashable {
    case object([String: AnswerJSON])
    case array([AnswerJSON])
    case string(String)
    case number(Double)
    case bool(Bool)
    case null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let list = try? container.decode([AnswerJSON].self) {
            self = .array(list)
        } else {
            self = .object(try container.decode([String: AnswerJSON].self))
        }
    }

    /// Parses `data`; nil when it is not JSON.
    static func parse(_ data: Data) -> AnswerJSON? {
        try? JSONDecoder().decode(AnswerJSON.self, from: data)
    }

    /// The member `key` of an object.
    subscript(key: String) -> AnswerJSON? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The text of a string.
    var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The value at a dotted path (`items.0.id`: a key, a list index, a key).
    func lookup(_ path: String) -> AnswerJSON? {
        var current = self
        for part in path.split(separator: ".") {
            switch current {
            case .object(let members):
                guard let next = members[String(part)] else { return nil }
                current = next
            case .array(let list):
                guard let index = Int(part), list.indices.contains(index) else { return nil }
                current = list[index]
            default:
                return nil
            }
        }
        return current
    }

    /// The value as a `CheckValue`; nil for an object or a list.
    var checkValue: CheckValue? {
        switch self {
        case .string(let text): .string(text)
        case .number(let number): .number(number)
        case .bool(let flag): .bool(flag)
        case .null: .null
        case .object, .array: nil
        }
    }
}

import Foundation

/// A signing instant in the two forms SigV4 writes it: `20150830T123600Z` and `20150830`.
///
/// Computed with integer arithmetic on the proleptic Gregorian calendar in UTC, so it needs no
/// formatter, locale or time zone database. Sub-second parts are dropped.
public struct SigningDate: Sendable, Hashable {
    /// The ISO 8601 basic timestamp, `yyyyMMdd'T'HHmmss'Z'`, of `X-Amz-Date`.
    public let timestamp: String
    /// The day, `yyyyMMdd`, of the credential scope.
    public var day: Substring { timestamp.prefix(8) }

    /// The signing form of `date`.
    public init(_ date: Date) {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let (days, secondOfDay) = Self.floorDivide(seconds, 86_400)
        let (year, month, day) = Self.civilDate(daysSinceEpoch: days)
        var out: [UInt8] = []
        out.reserveCapacity(16)
        Self.append(year, width: 4, to: &out)
        Self.append(month, width: 2, to: &out)
        Self.append(day, width: 2, to: &out)
        out.append(UInt8(ascii: "T"))
        Self.append(secondOfDay / 3600, width: 2, to: &out)
        Self.append(secondOfDay % 3600 / 60, width: 2, to: &out)
        Self.append(secondOfDay % 60, width: 2, to: &out)
        out.append(UInt8(ascii: "Z"))
        timestamp = String(decoding: out, as: UTF8.self)
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let quotient = value / divisor
        let remainder = value % divisor
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }

    /// Year, month and day of the day `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
    private static func civilDate(daysSinceEpoch days: Int64) -> (Int64, Int64, Int64) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    private static func append(_ value: Int64, width: Int, to out: inout [UInt8]) {
        var digits = [UInt8](repeating: UInt8(ascii: "0"), count: width)
        var rest = value
        for index in stride(from: width - 1, through: 0, by: -1) {
            digits[index] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
        out.append(contentsOf: digits)
    }
}

/// Rules for the names users choose, checked where they are read. The limits come from the
/// AWS names Ballast derives from them (`<project>-<stage>-<name>`).
public enum NameRules {
    /// `shop`: lowercase letters, digits and hyphens, starting with a letter, up to 24
    /// characters (it starts every stack, function and alarm name).
    public static func checkProject(_ name: Located<String>, sink: DiagnosticSink) {
        check(
            name, what: "'project'", pattern: isLowerHyphenated, maximum: 24,
            allowed: "lowercase letters, digits and hyphens, starting with a letter", sink: sink)
    }

    /// `prod`: lowercase letters and digits and hyphens, up to 16 characters.
    public static func checkStage(_ name: Located<String>, sink: DiagnosticSink) {
        check(
            name, what: "stage name", pattern: isLowerHyphenated, maximum: 16,
            allowed: "lowercase letters, digits and hyphens, starting with a letter", sink: sink)
    }

    /// Function names become Lambda function names: `[A-Za-z0-9-_]`, starting with a letter.
    public static func checkFunction(_ name: Located<String>, sink: DiagnosticSink) {
        check(
            name, what: "function name", pattern: isFunctionName, maximum: 64,
            allowed: "letters, digits, hyphens and underscores, starting with a letter", sink: sink)
    }

    /// Database names become RDS identifiers: lowercase letters, digits and single hyphens,
    /// starting with a letter, not ending with a hyphen.
    public static func checkDatabase(_ name: Located<String>, sink: DiagnosticSink) {
        check(
            name, what: "database name", pattern: isDatabaseIdentifier, maximum: 63,
            allowed:
                "lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen",
            sink: sink)
    }

    /// Template file names become stack name suffixes.
    public static func checkTemplate(_ name: Located<String>, sink: DiagnosticSink) {
        check(
            name, what: "template name", pattern: isLowerHyphenated, maximum: 64,
            allowed: "lowercase letters, digits and hyphens, starting with a letter", sink: sink)
    }

    /// Git branch names, roughly as `git check-ref-format --branch` has them.
    public static func checkBranch(_ name: Located<String>, sink: DiagnosticSink) {
        let text = name.value
        let bad =
            text.isEmpty || text.hasPrefix("-") || text.hasPrefix("/") || text.hasSuffix("/") || text.hasSuffix(".")
            || text.hasSuffix(".lock") || text.contains("..") || text.contains("//") || text.contains("@{")
            || text == "@"
            || text.unicodeScalars.contains {
                $0.value < 0x20 || $0.value == 0x7f || " ~^:?*[\\".unicodeScalars.contains($0)
            }
        if bad, let position = name.position {
            sink.report(position, "'branch' must be a valid Git branch name, found '\(text)'")
        }
    }

    private static func check(
        _ name: Located<String>, what: String, pattern: (String) -> Bool, maximum: Int, allowed: String,
        sink: DiagnosticSink
    ) {
        guard let position = name.position else { return }
        if !pattern(name.value) {
            sink.report(position, "\(what) '\(name.value)' is not allowed: use \(allowed)")
        } else if name.value.count > maximum {
            sink.report(position, "\(what) '\(name.value)' is \(name.value.count) characters; the limit is \(maximum)")
        }
    }

    /// Lowercase letters, digits and hyphens, starting with a letter.
    public static func isLowerHyphenated(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// Letters, digits, hyphens and underscores, starting with a letter.
    public static func isFunctionName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, isASCIILetter(first) else { return false }
        return text.unicodeScalars.allSatisfy {
            isASCIILetter($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
        }
    }

    /// Lower-hyphenated, with no double hyphen and no hyphen at the end.
    public static func isDatabaseIdentifier(_ text: String) -> Bool {
        isLowerHyphenated(text) && !text.contains("--") && !text.hasSuffix("-")
    }

    /// `a`–`z` or `A`–`Z`.
    public static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    /// The logical-id form of a name: letters and digits only, each part capitalised, so
    /// `order-items` is `OrderItems`. Two names with the same form would collide in templates.
    public static func logicalForm(_ name: String) -> String {
        name.split(whereSeparator: { $0 == "-" || $0 == "_" })
            .map { $0.prefix(1).uppercased() + $0.dropFirst() }
            .joined()
    }

    /// One `@` with something before it and a dotted domain after it.
    public static func isPlausibleEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."),
            !parts[1].hasSuffix("."), text.count <= 254
        else { return false }
        return !text.unicodeScalars.contains {
            $0.value <= 0x20 || $0.value == 0x7f || "<>,;\"".unicodeScalars.contains($0)
        }
    }

    /// `arn:aws:iam::123456789012:role/ballast-cfn-exec` (also `aws-cn`, `aws-us-gov`, and a
    /// role path): the form CloudFormation's `RoleARN` takes.
    public static func isRoleArn(_ text: String) -> Bool {
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", ["aws", "aws-cn", "aws-us-gov"].contains(parts[1]),
            parts[2] == "iam", parts[3].isEmpty, parts[4].count == 12,
            parts[4].allSatisfy({ ("0"..."9").contains($0) }),
            parts[5].hasPrefix("role/"), text.count <= 2048
        else { return false }
        let path = parts[5].dropFirst("role/".count)
        let name = path.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
        return !name.isEmpty && name.count <= 64
            && path.unicodeScalars.allSatisfy {
                isASCIILetter($0) || ("0"..."9").contains($0) || "+=,.@_-/".unicodeScalars.contains($0)
            }
    }

    /// An RDS instance class such as `db.t4g.micro`.
    public static func isInstanceClass(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 3 && parts[0] == "db"
            && parts[1].allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber) } && !parts[1].isEmpty
            && parts[2].allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber) } && !parts[2].isEmpty
    }
}

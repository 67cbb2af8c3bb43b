import Foundation

/// An allowed-signers file (`gpg.ssh.allowedSignersFile`, see ssh-keygen(1) ALLOWED SIGNERS):
/// the SSH keys whose commit signatures Ballast trusts, and whose they are.
///
/// Each line is `principals [options] key-type base64-key [comment]`. Options honoured:
/// `namespaces="…"` (the key is trusted for commits only when the list includes `git`),
/// `valid-after="…"` and `valid-before="…"` (`YYYYMMDD[HHMM[SS]]`, read as UTC, compared with
/// the commit's committer time). `cert-authority` lines are skipped: SSH certificates are not
/// supported, so keys signed by a CA must be listed themselves.
public struct AllowedSigners: Sendable {
    /// One trusted key.
    struct Signer: Sendable {
        var principals: String
        var key: SSHPublicKey
        var namespaces: [String]?
        var validAfter: Date?
        var validBefore: Date?
    }

    var signers: [Signer]

    /// Parses the file's text; lines that cannot be understood are skipped.
    public init(text: String) {
        signers = text.split(whereSeparator: \.isNewline).compactMap { Self.parse(line: String($0)) }
    }

    /// Reads an allowed-signers file.
    public init(path: String) throws(GitError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw GitError.invalidConfiguration("cannot read the allowed-signers file \(path)")
        }
        self.init(text: String(decoding: data, as: UTF8.self))
    }

    /// How many keys the file trusts.
    public var count: Int { signers.count }

    /// The signer entries for `key` that allow the `git` namespace at `time`.
    func signers(for key: SSHPublicKey, at time: Date) -> (usable: [Signer], refusals: [String]) {
        var usable: [Signer] = []
        var refusals: [String] = []
        for signer in signers where signer.key == key {
            if let namespaces = signer.namespaces, !namespaces.contains("git") {
                refusals.append(
                    "the key of \(signer.principals) is allowed only for \(namespaces.joined(separator: ","))")
            } else if let after = signer.validAfter, time < after {
                refusals.append("the key of \(signer.principals) is valid only after \(after)")
            } else if let before = signer.validBefore, time >= before {
                refusals.append("the key of \(signer.principals) was valid only before \(before)")
            } else {
                usable.append(signer)
            }
        }
        return (usable, refusals)
    }

    private static func parse(line: String) -> Signer? {
        var fields = tokens(line)
        guard let first = fields.first, !first.hasPrefix("#"), fields.count >= 3 else { return nil }
        let principals = fields.removeFirst()
        var options: [String: String] = [:]
        if !knownKeyTypes.contains(fields[0]) {
            for option in splitOptions(fields.removeFirst()) {
                let parts = option.split(separator: "=", maxSplits: 1).map(String.init)
                let value = parts.count > 1 ? parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")) : ""
                options[parts[0].lowercased()] = value
            }
        }
        guard options["cert-authority"] == nil, fields.count >= 2,
            let key = SSHPublicKey(type: fields[0], base64: fields[1])
        else { return nil }
        var signer = Signer(principals: principals, key: key)
        if let namespaces = options["namespaces"] {
            signer.namespaces = namespaces.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        if let text = options["valid-after"] {
            guard let date = time(text) else { return nil }
            signer.validAfter = date
        }
        if let text = options["valid-before"] {
            guard let date = time(text) else { return nil }
            signer.validBefore = date
        }
        return signer
    }

    static let knownKeyTypes: Set<String> = [
        "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "ssh-rsa", "ssh-dss",
        "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com",
    ]

    /// Splits on spaces outside double quotes.
    static func tokens(_ line: String) -> [String] {
        var result: [String] = []
        var current = ""
        var quoted = false
        for character in line {
            if character == "\"" { quoted.toggle() }
            if !quoted && (character == " " || character == "\t") {
                if !current.isEmpty { result.append(current) }
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// Splits options on commas outside double quotes.
    static func splitOptions(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        var quoted = false
        for character in text {
            if character == "\"" { quoted.toggle() }
            if !quoted && character == "," {
                result.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        result.append(current)
        return result.filter { !$0.isEmpty }
    }

    /// `YYYYMMDD`, `YYYYMMDDHHMM` or `YYYYMMDDHHMMSS`, optionally ending in `Z`, as UTC.
    static func time(_ text: String) -> Date? {
        let digits = text.hasSuffix("Z") || text.hasSuffix("z") ? String(text.dropLast()) : text
        guard [8, 12, 14].contains(digits.count), digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else {
            return nil
        }
        let numbers = Array(digits)
        func value(_ from: Int, _ length: Int) -> Int? {
            from + length <= numbers.count ? Int(String(numbers[from..<from + length])) : 0
        }
        var components = DateComponents()
        components.calendar = Calendar(identifier: .gregorian)
        components.timeZone = TimeZone(identifier: "UTC")
        components.year = value(0, 4)
        components.month = value(4, 2)
        components.day = value(6, 2)
        components.hour = value(8, 2)
        components.minute = value(10, 2)
        components.second = value(12, 2)
        return components.date
    }
}

/// `manifest.json` as text, written and read without Foundation's coders: at a cold start of
/// `ballast synth` they cost more than synthesizing a small application. The text is byte for
/// byte what `JSONEncoder` writes with `[.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]`
/// (the format manifests always had), and `init(jsonText:)` reads what `JSONDecoder` reads.
extension Manifest {
    /// Why a text is not a manifest.
    public struct ReadError: Error, Sendable, Hashable, CustomStringConvertible {
        /// Where, as a path of member names and indices (`stages[0].stacks[2].bytes`).
        public var path: String
        /// What was wrong.
        public var reason: String

        public init(path: String, reason: String) {
            self.path = path
            self.reason = reason
        }

        public var description: String { path.isEmpty ? reason : "\(path): \(reason)" }
    }

    /// The manifest's text.
    public var jsonText: String {
        CanonicalJSON.encode(jsonValue, style: .foundationPretty)
    }

    /// The manifest as a JSON value, with the member names of its `Codable` form.
    public var jsonValue: JSONValue {
        .object([
            "schemaVersion": .integer(schemaVersion),
            "project": .string(project),
            "stages": .array(stages.map(\.jsonValue)),
        ])
    }

    /// The manifest in `text`.
    public init(jsonText text: [UInt8]) throws(ReadError) {
        let value: JSONValue
        do {
            value = try JSONReader.parse(text)
        } catch {
            throw ReadError(path: "", reason: "not JSON: \(error)")
        }
        try self.init(json: Fields(value, path: ""))
    }

    private init(json: Fields) throws(ReadError) {
        self.schemaVersion = try json.integer("schemaVersion")
        self.project = try json.string("project")
        self.stages = try json.array("stages").map { fields throws(ReadError) in try StageEntry(json: fields) }
    }
}

extension Manifest.StageEntry {
    var jsonValue: JSONValue {
        .object([
            "name": .string(name),
            "branch": .string(branch),
            "region": .string(region),
            "stacks": .array(stacks.map(\.jsonValue)),
            "placement": .object([
                "compute": Self.parts(placement.compute),
                "api": Self.parts(placement.api),
                "monitoring": Self.parts(placement.monitoring),
            ]),
        ])
    }

    fileprivate init(json: Fields) throws(Manifest.ReadError) {
        self.name = try json.string("name")
        self.branch = try json.string("branch")
        self.region = try json.string("region")
        self.stacks = try json.array("stacks").map { fields throws(Manifest.ReadError) in
            try Manifest.StackEntry(json: fields)
        }
        let placement = try json.object("placement")
        self.placement = Placement(
            compute: try placement.integers("compute"), api: try placement.integers("api"),
            monitoring: try placement.integers("monitoring"))
    }

    private static func parts(_ parts: [String: Int]) -> JSONValue {
        .object(parts.mapValues { .integer($0) })
    }
}

extension Manifest.StackEntry {
    var jsonValue: JSONValue {
        var members: [String: JSONValue] = [
            "name": .string(name),
            "kind": .string(kind.rawValue),
            "part": .integer(part),
            "order": .integer(order),
            "file": .string(file),
            "bytes": .integer(bytes),
            "sha256": .string(sha256),
            "needsUpload": .bool(needsUpload),
            "resources": .integer(resources),
            "dependsOn": .array(dependsOn.map { .string($0) }),
            "exports": .array(exports.map { .string($0) }),
            "imports": .array(imports.map { .string($0) }),
            "parameters": .object(parameters.mapValues { .string($0) }),
            "terminationProtection": .bool(terminationProtection),
        ]
        if let stackPolicy { members["stackPolicy"] = stackPolicy }
        return .object(members)
    }

    fileprivate init(json: Fields) throws(Manifest.ReadError) {
        self.name = try json.string("name")
        let kind = try json.string("kind")
        guard let stackKind = StackKind(rawValue: kind) else {
            throw json.error("kind", "'\(kind)' is not a stack kind")
        }
        self.kind = stackKind
        self.part = try json.integer("part")
        self.order = try json.integer("order")
        self.file = try json.string("file")
        self.bytes = try json.integer("bytes")
        self.sha256 = try json.string("sha256")
        self.needsUpload = try json.bool("needsUpload")
        self.resources = try json.integer("resources")
        self.dependsOn = try json.strings("dependsOn")
        self.exports = try json.strings("exports")
        self.imports = try json.strings("imports")
        self.parameters = try json.stringMap("parameters")
        self.terminationProtection = try json.bool("terminationProtection")
        self.stackPolicy = json.members["stackPolicy"].flatMap { $0 == .null ? nil : $0 }
    }
}

/// The members of one JSON object of a manifest, read by name with the types `Codable` asks for.
private struct Fields {
    let members: [String: JSONValue]
    let path: String

    init(_ value: JSONValue, path: String) throws(Manifest.ReadError) {
        guard case .object(let members) = value else {
            throw Manifest.ReadError(path: path, reason: "an object was expected")
        }
        self.members = members
        self.path = path
    }

    func error(_ name: String, _ reason: String) -> Manifest.ReadError {
        Manifest.ReadError(path: path.isEmpty ? name : "\(path).\(name)", reason: reason)
    }

    func member(_ name: String) throws(Manifest.ReadError) -> JSONValue {
        guard let value = members[name] else { throw error(name, "missing") }
        return value
    }

    func string(_ name: String) throws(Manifest.ReadError) -> String {
        guard case .string(let text) = try member(name) else { throw error(name, "a string was expected") }
        return text
    }

    func integer(_ name: String) throws(Manifest.ReadError) -> Int {
        guard case .integer(let number) = try member(name) else { throw error(name, "an integer was expected") }
        return number
    }

    func bool(_ name: String) throws(Manifest.ReadError) -> Bool {
        guard case .bool(let flag) = try member(name) else { throw error(name, "true or false was expected") }
        return flag
    }

    func object(_ name: String) throws(Manifest.ReadError) -> Fields {
        try Fields(member(name), path: path.isEmpty ? name : "\(path).\(name)")
    }

    func array(_ name: String) throws(Manifest.ReadError) -> [Fields] {
        guard case .array(let elements) = try member(name) else { throw error(name, "an array was expected") }
        var fields: [Fields] = []
        for (index, element) in elements.enumerated() {
            fields.append(try Fields(element, path: "\(path.isEmpty ? name : "\(path).\(name)")[\(index)]"))
        }
        return fields
    }

    func strings(_ name: String) throws(Manifest.ReadError) -> [String] {
        guard case .array(let elements) = try member(name) else { throw error(name, "an array was expected") }
        var strings: [String] = []
        for element in elements {
            guard case .string(let text) = element else { throw error(name, "strings were expected") }
            strings.append(text)
        }
        return strings
    }

    func stringMap(_ name: String) throws(Manifest.ReadError) -> [String: String] {
        try map(name, "a string") { if case .string(let text) = $0 { text } else { nil } }
    }

    func integers(_ name: String) throws(Manifest.ReadError) -> [String: Int] {
        try map(name, "an integer") { if case .integer(let number) = $0 { number } else { nil } }
    }

    /// The object `name` as a map of `Value`s; `what` names the type in the error.
    private func map<Value>(_ name: String, _ what: String, _ extract: (JSONValue) -> Value?) throws(Manifest.ReadError)
        -> [String: Value]
    {
        var map: [String: Value] = [:]
        for (key, value) in try object(name).members {
            guard let extracted = extract(value) else { throw error(name, "'\(key)': \(what) was expected") }
            map[key] = extracted
        }
        return map
    }
}

/// Reads `databases/<name>.yaml`.
enum DatabaseFileReading {
    static let keys = ["name", "engine", "version", "databaseName", "forceSsl", "backupRetentionDays", "allowReplace"]
    static let reservedDatabaseNames: Set<String> = ["template0", "template1", "rdsadmin"]

    /// The name a database file declares, read without checks: functions that reference a
    /// database whose file has errors are not also told that it does not exist.
    static func declaredName(_ root: YAMLValue) -> String? {
        root.node["name"].flatMap { YAMLValue(node: $0, file: root.file).scalarText }
    }

    static func read(_ root: YAMLValue, sink: DiagnosticSink) -> DatabaseSpec? {
        guard let reader = MappingReader(root, context: "database", allowedKeys: keys, sink: sink) else { return nil }
        let name = reader.string("name", required: true)
        if let name { NameRules.checkDatabase(name, sink: sink) }
        var valid = true
        let engine = reader.string("engine")
        if let engine, !DatabaseSpec.engines.contains(engine.value) {
            sink.report(engine.position ?? reader.position, "'engine' must be postgres, found '\(engine.value)'")
            valid = false
        }
        let version = reader.string("version", required: true)
        if let version, !DatabaseSpec.versions.contains(version.value) {
            sink.report(
                version.position ?? reader.position,
                "'version' must be a Postgres major version RDS offers (\(DatabaseSpec.versions.joined(separator: ", "))), found '\(version.value)'"
            )
            valid = false
        }
        let databaseName = reader.string("databaseName", required: true)
        if let databaseName {
            let scalars = databaseName.value.unicodeScalars
            let wellFormed =
                scalars.first.map(NameRules.isASCIILetter) == true && scalars.count <= 63
                && scalars.allSatisfy { NameRules.isASCIILetter($0) || ("0"..."9").contains($0) || $0 == "_" }
            if !wellFormed {
                sink.report(
                    databaseName.position ?? reader.position,
                    "'databaseName' must be 1 to 63 letters, digits and underscores, starting with a letter, found '\(databaseName.value)'"
                )
                valid = false
            } else if reservedDatabaseNames.contains(databaseName.value.lowercased()) {
                sink.report(
                    databaseName.position ?? reader.position,
                    "'databaseName' '\(databaseName.value)' is reserved by Postgres or RDS")
                valid = false
            }
        }
        let forceSsl = reader.boolean("forceSsl")
        let retention = reader.integer("backupRetentionDays", in: 0...35, unit: " days")
        let allowReplace = reader.boolean("allowReplace")
        guard valid, let name, let version, let databaseName else { return nil }
        return DatabaseSpec(
            name: name.value, file: root.file, engine: engine?.value ?? "postgres", version: version.value,
            databaseName: databaseName.value, forceSsl: forceSsl?.value ?? true,
            backupRetentionDays: retention?.value ?? 7, allowReplace: allowReplace?.value ?? false,
            namePosition: name.position)
    }
}

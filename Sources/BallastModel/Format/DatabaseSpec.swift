/// One Postgres database (`databases/<name>.yaml`).
public struct DatabaseSpec: Sendable, Hashable {
    /// The name; the RDS instance is `<project>-<stage>-<name>`.
    public var name: String
    /// The file it was read from.
    public var file: String
    /// Always `postgres` for now.
    public var engine: String
    /// The major version, e.g. `15`.
    public var version: String
    /// The database created in the instance.
    public var databaseName: String
    /// Require TLS for every connection (`rds.force_ssl = 1`).
    public var forceSsl: Bool
    /// Days of automated backups (0–35).
    public var backupRetentionDays: Int
    /// The user explicitly allows plans that replace or delete this database.
    public var allowReplace: Bool
    /// Where the name was written.
    public var namePosition: SourcePosition?

    /// Engines Ballast can run.
    public static let engines = ["postgres"]
    /// Postgres major versions RDS offers.
    public static let versions = ["13", "14", "15", "16", "17"]

    /// Creates a database spec.
    public init(
        name: String, file: String, engine: String = "postgres", version: String, databaseName: String,
        forceSsl: Bool = true, backupRetentionDays: Int = 7, allowReplace: Bool = false,
        namePosition: SourcePosition? = nil
    ) {
        self.namePosition = namePosition
        self.name = name
        self.file = file
        self.engine = engine
        self.version = version
        self.databaseName = databaseName
        self.forceSsl = forceSsl
        self.backupRetentionDays = backupRetentionDays
        self.allowReplace = allowReplace
    }

    /// The parameter group family, e.g. `postgres15`.
    public var parameterGroupFamily: String { "\(engine)\(version)" }
}

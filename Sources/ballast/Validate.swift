import ArgumentParser
import BallastModel
import Foundation

/// `ballast validate`: check the desired state; exit 0, or 1 with every error.
struct Validate: AsyncParsableCommand, LoggingCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check the desired state and report every error with its file, line and column.")

    @OptionGroup var desiredOptions: DesiredOptions

    @Option(name: .long, help: "text or json.")
    var output: OutputFormat = .text

    @OptionGroup(title: "Logging") var log: LogOptions

    func run() async throws {
        let (tree, root) = try await DesiredStateCommandSupport.tree(desiredOptions)
        do {
            let state = try DesiredStateLoader.load(tree)
            switch output {
            case .text:
                print(ValidationReport.summary(of: state, root: root))
            case .json:
                print(ValidationReport.json(valid: true, errors: [], root: root))
            }
        } catch {
            switch output {
            case .text:
                throw DesiredStateFailure(errors: error.errors, root: root, counted: true)
            case .json:
                print(ValidationReport.json(valid: false, errors: error.errors, root: root))
            }
            throw ExitCode(1)
        }
    }
}

/// What `validate` prints.
enum ValidationReport {
    static func summary(of state: DesiredState, root: String) -> String {
        var lines = ["\(root) is valid: project \(state.project)"]
        for stage in state.stages {
            lines.append(
                "  stage \(stage.name): branch \(stage.branch), \(stage.region), VPC \(stage.network.cidr) over \(stage.network.availabilityZones) AZs, rollout \(describe(stage.rollout))"
            )
        }
        for function in state.functions {
            var line = "  function \(function.name): \(function.base.image.value), \(function.base.memoryMiB) MiB"
            if let api = function.api { line += ", \(api.methods.joined(separator: "|")) \(api.path)" }
            if let database = function.database { line += ", database \(database.value)" }
            lines.append(line)
        }
        for database in state.databases {
            lines.append(
                "  database \(database.name): \(database.engine) \(database.version), \(database.databaseName)")
        }
        for template in state.templates {
            lines.append("  template \(template.name): \(template.file)")
        }
        return lines.joined(separator: "\n")
    }

    static func describe(_ rollout: RolloutStrategy) -> String {
        switch rollout {
        case .allAtOnce: return "allAtOnce"
        case .canary(let percent, let bake): return "canary \(percent)% for \(DurationText.format(bake))"
        case .linear(let percent, let every): return "linear \(percent)% every \(DurationText.format(every))"
        }
    }

    struct Problem: Encodable {
        var file: String
        var line: Int
        var column: Int
        var message: String
    }

    struct Document: Encodable {
        var valid: Bool
        var errors: [Problem]
    }

    static func json(valid: Bool, errors: [DesiredStateError], root: String) -> String {
        let prefix = root.hasSuffix("/") ? root : root + "/"
        let document = Document(
            valid: valid,
            errors: errors.map {
                Problem(file: prefix + $0.file, line: $0.line, column: $0.column, message: $0.message)
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(document)) ?? Data(), as: UTF8.self)
    }
}

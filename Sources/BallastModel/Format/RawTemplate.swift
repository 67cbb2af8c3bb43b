/// A CloudFormation template written by hand in `templates/`, deployed as its own stack
/// `<project>-<stage>-<name>` after Ballast's own stacks.
public struct RawTemplate: Sendable, Hashable {
    /// The stack suffix: the file name without extension.
    public var name: String
    /// The file, relative to the desired-state root.
    public var file: String
    /// The file's text as written (YAML or JSON).
    public var text: String
    /// The names of the template's `Parameters`, which Ballast fills from the stage where it
    /// knows the value (`Project`, `Stage`, `Region`, `VpcId`, …).
    public var parameterNames: [String]

    /// Creates a raw template.
    public init(name: String, file: String, text: String, parameterNames: [String]) {
        self.name = name
        self.file = file
        self.text = text
        self.parameterNames = parameterNames
    }
}

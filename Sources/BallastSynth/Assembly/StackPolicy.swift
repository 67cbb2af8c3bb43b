/// Stack policies that keep data: every update is allowed except replacing or deleting a
/// stateful resource (a database, its secret).
public enum StackPolicy {
    /// The policy protecting the stateful resources of `template`, nil when it has none.
    public static func protecting(_ template: JSONValue) -> JSONValue? {
        let stateful = (template["Resources"]?.objectValue ?? [:])
            .filter { ResourceTypes.all[$0.value["Type"]?.stringValue ?? ""]?.isStateful ?? false }
            .keys.sorted()
        guard !stateful.isEmpty else { return nil }
        return [
            "Statement": [
                ["Effect": "Allow", "Action": "Update:*", "Principal": "*", "Resource": "*"],
                [
                    "Effect": "Deny", "Action": ["Update:Replace", "Update:Delete"], "Principal": "*",
                    "Resource": .array(stateful.map { .string("LogicalResourceId/\($0)") }),
                ],
            ]
        ]
    }
}

import BallastSynth

/// Compares a deployed template with a desired one, resource by resource and property by
/// property, predicting replacements from CloudFormation's own `createOnlyProperties`.
public enum TemplateDiff {
    /// The resource changes from `live` to `desired`, sorted by logical id.
    public static func changes(from live: JSONValue, to desired: JSONValue) -> [ResourceChange] {
        let liveResources = live["Resources"]?.objectValue ?? [:]
        let desiredResources = desired["Resources"]?.objectValue ?? [:]
        var changes: [ResourceChange] = []
        for id in Set(liveResources.keys).union(desiredResources.keys).sorted() {
            switch (liveResources[id], desiredResources[id]) {
            case (nil, let resource?):
                changes.append(ResourceChange(logicalId: id, type: type(of: resource), action: .add))
            case (let resource?, nil):
                let type = type(of: resource)
                changes.append(
                    ResourceChange(
                        logicalId: id, type: type, action: .remove,
                        losesData: isStateful(type) && !retains(resource)))
            case (let old?, let new?):
                if let change = modification(id: id, old: old, new: new) { changes.append(change) }
            case (nil, nil):
                break
            }
        }
        return propagateReplacements(changes, desired: desiredResources)
    }

    /// A resource whose create-only property names (by `Ref`/`GetAtt`) a resource that is
    /// replaced gets a new value at deploy time, so it is replaced too: a DB instance whose
    /// subnet group is replaced is replaced. Repeated until nothing more is found.
    static func propagateReplacements(_ changes: [ResourceChange], desired: [String: JSONValue]) -> [ResourceChange] {
        var byId = Dictionary(uniqueKeysWithValues: changes.map { ($0.logicalId, $0) })
        var replaced = Set(changes.filter(\.replacement).map(\.logicalId))
        var grew = true
        while grew {
            grew = false
            for (id, resource) in desired.sorted(by: { $0.key < $1.key }) where !replaced.contains(id) {
                guard byId[id]?.action != .add else { continue }
                let type = type(of: resource)
                let properties = resource["Properties"]?.objectValue ?? [:]
                for name in (ResourceTypes.all[type]?.createOnlyProperties ?? []).sorted() {
                    let topLevel = String(name.split(separator: ".").first ?? "")
                    guard let value = properties[topLevel] else { continue }
                    guard let cause = referencedResources(in: value).sorted().first(where: replaced.contains) else {
                        continue
                    }
                    var change = byId[id] ?? ResourceChange(logicalId: id, type: type, action: .modify)
                    change.replacement = true
                    change.losesData = isStateful(type)
                    change.properties.append(
                        PropertyChange(
                            path: "Properties.\(topLevel)", old: .string("(\(cause) is replaced)"), new: value,
                            causesReplacement: true))
                    byId[id] = change
                    replaced.insert(id)
                    grew = true
                    break
                }
            }
        }
        return byId.values.sorted { $0.logicalId < $1.logicalId }
    }

    /// Logical ids a value refers to through `Ref`, `Fn::GetAtt` or `${…}` in `Fn::Sub`.
    static func referencedResources(in value: JSONValue) -> Set<String> {
        var names = Set<String>()
        func walk(_ value: JSONValue) {
            switch value {
            case .object(let members):
                if members.count == 1, let name = members["Ref"]?.stringValue { names.insert(name) }
                if members.count == 1, let name = members["Fn::GetAtt"]?.arrayValue?.first?.stringValue {
                    names.insert(name)
                }
                if members.count == 1,
                    let text = members["Fn::Sub"]?.stringValue ?? members["Fn::Sub"]?.arrayValue?.first?.stringValue
                {
                    var rest = Substring(text)
                    while let start = rest.range(of: "${"), let end = rest[start.upperBound...].firstIndex(of: "}") {
                        names.insert(String(rest[start.upperBound..<end].split(separator: ".").first ?? ""))
                        rest = rest[rest.index(after: end)...]
                    }
                }
                members.values.forEach(walk)
            case .array(let elements): elements.forEach(walk)
            default: break
            }
        }
        walk(value)
        return names
    }

    /// The change of one resource present on both sides, nil when nothing differs.
    static func modification(id: String, old: JSONValue, new: JSONValue) -> ResourceChange? {
        let oldType = type(of: old)
        let newType = type(of: new)
        var properties: [PropertyChange] = []
        collect(path: "", old: old, new: new, into: &properties)
        guard !properties.isEmpty else { return nil }
        let createOnly = ResourceTypes.all[newType]?.createOnlyProperties ?? []
        properties = properties.map { change in
            var change = change
            change.causesReplacement = oldType != newType || replaces(path: change.path, createOnly: createOnly)
            return change
        }
        let replacement = properties.contains { $0.causesReplacement }
        return ResourceChange(
            logicalId: id, type: newType, action: .modify, replacement: replacement,
            losesData: replacement && isStateful(newType), properties: properties)
    }

    /// Leaf-level differences between two values, with dotted paths.
    static func collect(path: String, old: JSONValue?, new: JSONValue?, into changes: inout [PropertyChange]) {
        guard !ComparableValue.equal(old, new) else { return }
        switch (ComparableValue.normalized(old), ComparableValue.normalized(new)) {
        case (.object(let left)?, .object(let right)?):
            for key in Set(left.keys).union(right.keys).sorted() {
                collect(path: path.isEmpty ? key : "\(path).\(key)", old: left[key], new: right[key], into: &changes)
            }
        case (.array(let left)?, .array(let right)?) where left.count == right.count:
            for index in left.indices {
                collect(path: "\(path)[\(index)]", old: left[index], new: right[index], into: &changes)
            }
        default:
            changes.append(
                PropertyChange(path: path, old: ComparableValue.normalized(old), new: ComparableValue.normalized(new)))
        }
    }

    /// Whether a change at `path` (below the resource) touches a create-only property: the
    /// path is the property, lies inside it, or contains it.
    static func replaces(path: String, createOnly: Set<String>) -> Bool {
        guard path.hasPrefix("Properties.") || path == "Properties" else { return path == "Type" }
        let property = path == "Properties" ? "" : String(path.dropFirst("Properties.".count))
        return createOnly.contains { name in
            property.isEmpty || property == name || property.hasPrefix(name + ".") || property.hasPrefix(name + "[")
                || name.hasPrefix(property + ".")
        }
    }

    static func type(of resource: JSONValue) -> String {
        resource["Type"]?.stringValue ?? "?"
    }

    static func isStateful(_ type: String) -> Bool {
        ResourceTypes.all[type]?.isStateful ?? false
    }

    /// Whether removing the resource from the template keeps it in AWS (`Retain`) — a snapshot
    /// keeps the data too, but the database itself is gone, so it still counts as a loss.
    static func retains(_ resource: JSONValue) -> Bool {
        resource["DeletionPolicy"]?.stringValue == "Retain"
    }
}

import Yams

/// The YAML tags a CloudFormation template may carry: the short forms of the intrinsic
/// functions (`!Ref`, `!GetAtt`, …) and YAML's own `!!str`, `!!seq`, `!!map`. Validation refuses
/// any other tag and synthesis never drops one, since a template without it is another template.
public enum CloudFormationTags {
    /// Short-form tags and the long form each stands for: those of templates, of the `Rules`
    /// section, and of the `AWS::LanguageExtensions` transform.
    public static let shortForms: [String: String] = [
        "!Ref": "Ref", "!Condition": "Condition", "!GetAtt": "Fn::GetAtt", "!Sub": "Fn::Sub", "!Join": "Fn::Join",
        "!Select": "Fn::Select", "!Split": "Fn::Split", "!ImportValue": "Fn::ImportValue", "!GetAZs": "Fn::GetAZs",
        "!FindInMap": "Fn::FindInMap", "!If": "Fn::If", "!Equals": "Fn::Equals", "!And": "Fn::And", "!Or": "Fn::Or",
        "!Not": "Fn::Not", "!Base64": "Fn::Base64", "!Cidr": "Fn::Cidr", "!Transform": "Fn::Transform",
        "!Length": "Fn::Length", "!ToJsonString": "Fn::ToJsonString", "!Contains": "Fn::Contains",
        "!EachMemberEquals": "Fn::EachMemberEquals", "!EachMemberIn": "Fn::EachMemberIn", "!RefAll": "Fn::RefAll",
        "!ValueOf": "Fn::ValueOf", "!ValueOfAll": "Fn::ValueOfAll",
    ]

    /// YAML's own tags that mean what an untagged node means. Yams resolves a node's tag in
    /// place once it is asked for, so an untagged scalar may read as `!!str` later: the two
    /// cannot be told apart.
    static let coreTags: Set<String> = [
        Tag.Name.str.rawValue, Tag.Name.seq.rawValue, Tag.Name.map.rawValue, Tag.Name.nonSpecific.rawValue,
    ]

    /// The tag as written on the node ("" when none).
    public static func writtenTag(of node: Node) -> String {
        switch node {
        case .scalar(let scalar): return scalar.tag.rawValue
        case .mapping(let mapping): return mapping.tag.rawValue
        case .sequence(let sequence): return sequence.tag.rawValue
        case .alias: return ""
        }
    }

    /// Whether the node carries no tag (or YAML's `!` or one of `!!str`, `!!seq`, `!!map`).
    public static func isUntagged(_ node: Node) -> Bool {
        let tag = writtenTag(of: node)
        return tag.isEmpty || coreTags.contains(tag)
    }

    /// Whether the node carries a tag that is neither a short form nor YAML's own.
    public static func hasUnknownTag(_ node: Node) -> Bool {
        !isUntagged(node) && shortForms[writtenTag(of: node)] == nil
    }

    /// The text of a mapping key, nil when it is not an untagged scalar: CloudFormation's keys
    /// are strings (`80: x` is the key "80"), never lists, mappings or intrinsic functions.
    public static func keyText(_ key: Node) -> String? {
        guard case .scalar(let scalar) = key, isUntagged(key) else { return nil }
        return scalar.string
    }
}

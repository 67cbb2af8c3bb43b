extension ApiRoute {
    /// The path parameters when a request to `requestPath` (no query string) reaches this route's
    /// resource as API Gateway matches it (`{id}` one segment, a last `{proxy+}` one or more),
    /// nil when it does not.
    public func parameters(matching requestPath: String) -> [String: String]? {
        let pattern = path.split(separator: "/", omittingEmptySubsequences: true)
        let request = requestPath.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        guard requestPath.hasPrefix("/") else { return nil }
        let segments = Array(request.last == "" && request.count > 1 ? request.dropLast() : request)
        if pattern.isEmpty { return segments.allSatisfy(\.isEmpty) ? [:] : nil }
        var parameters: [String: String] = [:]
        for (index, part) in pattern.enumerated() {
            if part.hasPrefix("{"), part.hasSuffix("+}") {
                let rest = segments.dropFirst(index)
                guard index == pattern.count - 1, !rest.isEmpty, !rest.contains(where: \.isEmpty) else { return nil }
                parameters[String(part.dropFirst().dropLast(2))] = rest.joined(separator: "/")
                return parameters
            }
            guard index < segments.count, !segments[index].isEmpty else { return nil }
            if part.hasPrefix("{"), part.hasSuffix("}") {
                parameters[String(part.dropFirst().dropLast())] = String(segments[index])
            } else if part != segments[index] {
                return nil
            }
        }
        return segments.count == pattern.count ? parameters : nil
    }

    /// Whether the route answers `method` (one of its methods, or `ANY`).
    public func serves(method: String) -> Bool {
        methods.contains(method) || methods.contains("ANY")
    }
}

import BallastAWS
import BallastModel
import BallastPlan
import BallastSynth
import Foundation

/// Reads the live world of one stage, with as few requests as the plan allows: one
/// DescribeStacks listing, one GetTemplate per stack of the stage, GetAlias per handler, one
/// DescribeImages per repository, and the stage's alarms by name prefix. Only read operations.
///
/// The version `live` sends all traffic to is read too (GetFunction, with the rollout tag)
/// unless the alias's `LiveAliasNote` shows that version already runs what is desired: so a
/// stage in sync costs no GetFunction, and a stage with changes reads the versions they touch.
public struct LiveReader: Sendable {
    /// The stage region's clients.
    public let clients: RegionClients
    /// How many handler reads run at once.
    public var concurrency: Int
    /// Whether an alias note that shows the desired version served spares reading that version
    /// (false: every served version and rollout tag is read, as `ballast status` needs them).
    public var trustsAliasNotes: Bool

    /// A reader over `clients`.
    public init(clients: RegionClients, concurrency: Int = 8, trustsAliasNotes: Bool = true) {
        self.clients = clients
        self.concurrency = concurrency
        self.trustsAliasNotes = trustsAliasNotes
    }

    /// Why the live world could not be read: the failed call's typed error, named.
    public struct ReadError: Error, Sendable, CustomStringConvertible, AWSErrorCause {
        /// What was being read.
        public var what: String
        /// The underlying error (an `AWSError` names the operation and AWS code).
        public var underlying: String
        /// The failed AWS call, when one failed.
        public var awsError: AWSError?
        public var description: String { "reading \(what): \(underlying)" }

        /// The error of reading `what`, from the error the read threw.
        init(what: String, error: any Error) {
            self.what = what
            underlying = "\(error)"
            awsError = (error as? any AWSErrorCause)?.awsError
        }
    }

    /// The live state of `stage`.
    public func read(_ state: DesiredState, stage: Stage) async throws(ReadError) -> LiveStage {
        let naming = Naming(project: state.project, stage: stage.name)
        let functions = state.functions(in: stage)
        let digests = try await resolveImages(functions.map(\.image))
        let stacks = try await readStacks(prefix: naming.prefix + "-")
        var desired: [String: String] = [:]
        for function in functions {
            let digest = function.desiredDigest(resolvedTag: digests[function.image.description])
            desired[function.name] = digest.map { function.signature(digest: $0) }
        }
        let live = try await readFunctions(
            functions.map(\.name), naming: naming, desiredSignatures: trustsAliasNotes ? desired : [:])
        let alarms = try await readAlarms(prefix: naming.prefix + "-")
        return LiveStage(stacks: stacks, functions: live, alarms: alarms, imageDigests: digests)
    }

    /// Image text (`repo:tag`) → digest, one DescribeImages per repository.
    public func resolveImages(_ images: [ImageReference]) async throws(ReadError) -> [String: String] {
        var byRepository: [String: (ImageReference, Set<String>)] = [:]
        for image in images {
            guard case .tag(let tag) = image.reference else { continue }
            byRepository[image.repositoryURI, default: (image, [])].1.insert(tag)
        }
        var digests: [String: String] = [:]
        for (_, (image, tags)) in byRepository.sorted(by: { $0.key < $1.key }) {
            let details: [ECRImageDetail]
            do {
                details = try await clients.ecr.allImages(
                    DescribeImagesInput(
                        repositoryName: image.repository, registryId: image.account,
                        imageIds: tags.sorted().map { ECRImageIdentifier(imageTag: $0) }))
            } catch {
                throw ReadError(what: "image tags of \(image.repositoryURI)", error: error)
            }
            for detail in details {
                for tag in detail.imageTags where tags.contains(tag) {
                    var tagged = image
                    tagged.reference = .tag(tag)
                    digests[tagged.description] = detail.imageDigest
                }
            }
        }
        return digests
    }

    /// The stacks whose names start with the stage's prefix, with their deployed templates.
    func readStacks(prefix: String) async throws(ReadError) -> [LiveStack] {
        let summaries: [CloudFormationStack]
        do {
            summaries = try await clients.cloudFormation.describeAllStacks()
        } catch {
            throw ReadError(what: "stacks", error: error)
        }
        var stacks: [LiveStack] = []
        for stack in summaries where stack.name.hasPrefix(prefix) && stack.status != .deleteComplete {
            let template: JSONValue
            do {
                let body = try await clients.cloudFormation.getTemplate(name: stack.name).templateBody
                template = try JSONDecoder().decode(JSONValue.self, from: Data(body.utf8))
            } catch {
                throw ReadError(what: "the template of \(stack.name)", error: error)
            }
            stacks.append(
                LiveStack(
                    name: stack.name, status: stack.status.rawValue, template: template,
                    parameters: Dictionary(
                        stack.parameters.map { ($0.key, $0.value ?? "") }, uniquingKeysWith: { first, _ in first }),
                    tags: Dictionary(stack.tags.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first }),
                    terminationProtection: stack.terminationProtection))
        }
        return stacks.sorted { $0.name < $1.name }
    }

    /// Per handler its alias `live` and the version it sends all traffic to, unless the alias's
    /// note shows that version's signature is the handler's entry in `desiredSignatures`.
    func readFunctions(_ names: [String], naming: Naming, desiredSignatures: [String: String] = [:])
        async throws(ReadError) -> [String: LiveFunction]
    {
        let lambda = clients.lambda
        do {
            return try await BoundedConcurrency.map(names, limit: concurrency) { name in
                let functionName = naming.functionName(name)
                guard let alias = try await lambda.getAlias(functionName: functionName, name: Naming.liveAlias) else {
                    return (name, LiveFunction(name: functionName, alias: nil, versions: [:]))
                }
                let additional = alias.additionalVersionWeights.first.map { (version: $0.key, weight: $0.value) }
                let weights = AliasWeights(
                    version: alias.functionVersion, additional: additional, revisionId: alias.revisionId)
                let note = LiveAliasNote(description: alias.description)
                if let served = weights.fullVersion, let note, note.version == served,
                    let desired = desiredSignatures[name], note.signature == desired
                {
                    return (name, LiveFunction(name: functionName, alias: weights, versions: [:], note: note))
                }
                var versions: [String: PublishedVersion] = [:]
                var rolloutTag: String?
                if let function = try await lambda.getFunction(functionName, qualifier: alias.functionVersion) {
                    versions[alias.functionVersion] = Self.published(alias.functionVersion, function)
                    rolloutTag = function.tags[RolloutRecord.tagKey]
                }
                return (
                    name,
                    LiveFunction(
                        name: functionName, alias: weights, versions: versions, rolloutTag: rolloutTag, note: note)
                )
            }.reduce(into: [:]) { $0[$1.0] = $1.1 }
        } catch {
            throw ReadError(what: "the handlers' aliases", error: error)
        }
    }

    /// What a version runs, from its GetFunction answer.
    static func published(_ version: String, _ function: GetFunctionOutput) -> PublishedVersion {
        PublishedVersion(
            version: version,
            imageDigest: digest(
                resolvedImageUri: function.code?.resolvedImageUri, codeSha256: function.configuration.codeSha256),
            memoryMiB: function.configuration.memorySize ?? 128, timeoutSeconds: function.configuration.timeout ?? 3,
            environment: function.configuration.environmentVariables)
    }

    /// The digest a version runs: from `ResolvedImageUri` (`repo@sha256:…`), else the code hash,
    /// which for an image function is the manifest digest.
    static func digest(resolvedImageUri: String?, codeSha256: String?) -> String? {
        // After the last "@": moto writes `repo@sha256@sha256:…` for an image given by digest.
        if let uri = resolvedImageUri, let at = uri.lastIndex(of: "@") {
            return String(uri[uri.index(after: at)...])
        }
        return codeSha256.map { $0.hasPrefix("sha256:") ? $0 : "sha256:" + $0 }
    }

    /// The stage's metric alarms.
    func readAlarms(prefix: String) async throws(ReadError) -> [LiveAlarm] {
        do {
            return try await clients.cloudWatch.metricAlarms(.prefix(prefix)).map { alarm in
                LiveAlarm(
                    name: alarm.name, threshold: alarm.threshold ?? 0, comparison: alarm.comparisonOperator,
                    period: alarm.period, evaluationPeriods: alarm.evaluationPeriods,
                    alarmActions: alarm.alarmActions, okActions: alarm.okActions, state: alarm.stateValue.rawValue)
            }
        } catch {
            throw ReadError(what: "alarms", error: error)
        }
    }
}

/// Runs work over a list with at most `limit` tasks at a time, keeping the input order.
enum BoundedConcurrency {
    static func map<Input: Sendable, Output: Sendable>(
        _ inputs: [Input], limit: Int, _ transform: @escaping @Sendable (Input) async throws -> Output
    ) async throws -> [Output] {
        try await withThrowingTaskGroup(of: (Int, Output).self) { group in
            var results: [Output?] = Array(repeating: nil, count: inputs.count)
            var next = 0
            for _ in 0..<min(max(limit, 1), inputs.count) {
                let index = next
                group.addTask { (index, try await transform(inputs[index])) }
                next += 1
            }
            while let (index, output) = try await group.next() {
                results[index] = output
                if next < inputs.count {
                    let index = next
                    group.addTask { (index, try await transform(inputs[index])) }
                    next += 1
                }
            }
            return results.compactMap { $0 }
        }
    }
}

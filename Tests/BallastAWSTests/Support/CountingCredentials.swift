import BallastAWS
import BallastAWSSigning
import BallastTestSupport
import Foundation

/// A credential provider for cache tests: it counts its calls, answers from a script of results
/// (after an optional delay), and stamps each answer with its call number.
final class CountingCredentials: CredentialProvider {
    enum Step: Sendable {
        case expiring(at: Date)
        case failure
    }

    struct Failure: Error {}

    private let steps: Protected<[Step]>
    private let count = Protected(0)
    private let delay: Duration

    init(_ steps: [Step], delay: Duration = .zero) {
        self.steps = Protected(steps)
        self.delay = delay
    }

    var calls: Int { count.current }

    func credentials() async throws -> ProvidedCredentials {
        let call = count.withLock { count -> Int in
            count += 1
            return count
        }
        if delay > .zero { try await Task.sleep(for: delay) }
        let step = steps.withLock { $0.isEmpty ? Step.failure : $0.removeFirst() }
        switch step {
        case .expiring(let date):
            return ProvidedCredentials(
                credentials: AWSCredentials(accessKeyId: "ASIACALL\(call)", secretAccessKey: "s", sessionToken: "t"),
                expiration: date, source: .webIdentity)
        case .failure:
            throw Failure()
        }
    }
}

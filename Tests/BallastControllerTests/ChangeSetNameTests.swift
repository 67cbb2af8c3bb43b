import Foundation
import Testing

@testable import BallastController

@Suite("change set names")
struct ChangeSetNameTests {
    @Test("two deploys of one body in the same second name their change sets apart, each a valid CloudFormation name")
    func distinctInOneSecond() {
        let now = Date(timeIntervalSince1970: 1_796_632_481)
        let names = (0..<100).map { _ in StackDeployer.changeSetName(body: #"{"Resources":{}}"#, now: now) }
        #expect(Set(names).count == names.count)
        for name in names {
            #expect(name.hasPrefix("ballast-") && name.contains("-1796632481-"), "\(name)")
            #expect(name.count <= 128 && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
        }
    }
}

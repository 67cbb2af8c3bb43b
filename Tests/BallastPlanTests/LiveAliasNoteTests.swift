import BallastModel
import BallastPlan
import Testing

@Suite("the alias note: what the version live serves runs")
struct LiveAliasNoteTests {
    static let signature = VersionSignature.of(
        digest: "sha256:" + String(repeating: "a", count: 64), memoryMiB: 256, timeoutSeconds: 10,
        environment: ["MODE": "fast", "DB_HOST": "db"])

    @Test("written and read back; any other description is no note")
    func roundTrip() {
        let note = LiveAliasNote(version: "12", signature: Self.signature)
        #expect(note.text == "ballast-serves 12 \(Self.signature)")
        #expect(LiveAliasNote(description: note.text) == note)
        for other in [
            nil, "", "live alias", "ballast-serves 12", "ballast-serves x \(Self.signature)",
            "ballast-serves 12 \(Self.signature.dropLast())", "ballast-serves 12 \(Self.signature) extra",
            "ballast-serves  12 \(Self.signature)", "ballast-serves ١٢ \(Self.signature)",
            "ballast-serves 12 \(String(repeating: "z", count: 32))",
        ] {
            #expect(LiveAliasNote(description: other) == nil, "\(other ?? "nil")")
        }
    }

    @Test("the signature changes with image, memory, timeout and own environment, not with DB_* variables")
    func signatureCovers() {
        func signature(
            digest: String = "sha256:" + String(repeating: "a", count: 64), memory: Int = 256, timeout: Int = 10,
            environment: [String: String] = ["MODE": "fast", "DB_HOST": "db"]
        ) -> String {
            VersionSignature.of(digest: digest, memoryMiB: memory, timeoutSeconds: timeout, environment: environment)
        }
        #expect(signature() == Self.signature)
        #expect(signature().count == 32 && signature().allSatisfy(\.isHexDigit))
        #expect(signature(environment: ["MODE": "fast", "DB_HOST": "other"]) == Self.signature)
        #expect(signature(environment: ["MODE": "fast"]) == Self.signature)
        for changed in [
            signature(digest: "sha256:" + String(repeating: "b", count: 64)), signature(memory: 512),
            signature(timeout: 11), signature(environment: ["MODE": "slow"]),
            signature(environment: ["MODE": "fast", "EXTRA": ""]),
        ] {
            #expect(changed != Self.signature)
        }
    }
}

import BallastModel
import Foundation
import Testing

@Suite("lowercase hex")
struct HexTests {
    @Test("every byte is the two digits printf's %02x gives")
    func everyByte() {
        let bytes = (0...255).map(UInt8.init)
        #expect(Hex.lowercase(bytes) == bytes.map { String(format: "%02x", $0) }.joined())
    }

    @Test("nothing is the empty text; the order of the bytes is kept")
    func emptyAndOrder() {
        #expect(Hex.lowercase([UInt8]()) == "")
        #expect(Hex.lowercase([0xde, 0xad, 0xbe, 0xef]) == "deadbeef")
        #expect(Hex.lowercase([0x0f, 0xf0]) == "0ff0")
    }
}

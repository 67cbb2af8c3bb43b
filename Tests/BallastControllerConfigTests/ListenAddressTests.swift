import BallastControllerConfig
import BallastModel
import Testing

@Suite("http.listen addresses")
struct ListenAddressTests {
    @Test(
        "host:port, IPv4 and bracketed IPv6 literals are read",
        arguments: [
            ("0.0.0.0:8080", "0.0.0.0", 8080), ("127.0.0.1:0", "127.0.0.1", 0), ("localhost:9000", "localhost", 9000),
            ("[::1]:0", "::1", 0), ("[::]:8080", "::", 8080), ("[fe80::1%eth0]:80", "fe80::1%eth0", 80),
        ])
    func reads(text: String, host: String, port: Int) throws {
        let address = try #require(ListenAddress(text))
        #expect(address.host == host && address.port == port)
        #expect(address.description == text)
    }

    @Test(
        "what is not host:port is refused, a bare IPv6 address among them",
        arguments: [
            "everywhere", ":8080", "::1:8080", "[::1]", "[::1:8080", "[]:80", "[127.0.0.1]:80", "host:65536",
            "host:-1", "a b:80",
        ])
    func refuses(text: String) {
        #expect(ListenAddress(text) == nil)
    }
}

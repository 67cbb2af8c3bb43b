import BallastModel
import Foundation
import Testing

@Suite("checks: requests a new version must answer before traffic moves")
struct FunctionChecksTests {
    static func load(_ function: String, api: String = "api: { path: \"/orders/{id}\", methods: [GET, POST] }")
        throws -> DesiredState
    {
        let project = """
            project: shop
            stages:
              dev:
                branch: dev
                region: us-east-1
                network: { cidr: 10.10.0.0/16, azs: 2 }
                monitoring: { email: dev@example.com }

            """
        let orders = """
            name: orders
            image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/orders:1.0.0
            \(api)
            \(function)
            """
        return try DesiredStateLoader.load(
            DesiredTree(files: ["ballast.yaml": project, "functions/orders.yaml": orders]))
    }

    /// The errors loading `function` gives, as `file:line:column: message`.
    static func errors(_ function: String, api: String = "api: { path: \"/orders/{id}\", methods: [GET, POST] }")
        -> [String]
    {
        do {
            _ = try load(function, api: api)
            return []
        } catch let errors as DesiredStateErrors {
            return errors.errors.map(\.description)
        } catch {
            return ["\(error)"]
        }
    }

    static func checks(_ state: DesiredState) throws -> [FunctionCheck] {
        let stage = try #require(state.stage(named: "dev"))
        return try #require(state.functions(in: stage).first).checks
    }

    @Test("a check is read with its request and expectation; the name defaults to METHOD path")
    func readsChecks() throws {
        let state = try Self.load(
            """
            checks:
              - name: one order
                method: get
                path: /orders/42?verbose=1
                headers: { Accept: application/json }
                expect: { status: 200, bodyContains: "\\"id\\"", json: { id: 42, ok: true, name: "42", gone: null } }
              - { method: POST, path: /orders/7, body: '{"qty": 1}', expect: { status: 201 } }
            """)
        let checks = try Self.checks(state)
        #expect(checks.count == 2)
        #expect(checks[0].name == "one order")
        #expect(checks[0].method == "GET")
        #expect(checks[0].resourcePath == "/orders/42")
        #expect(checks[0].query == "verbose=1")
        #expect(checks[0].headers == ["Accept": "application/json"])
        #expect(
            checks[0].expect
                == CheckExpectation(
                    status: 200, bodyContains: "\"id\"",
                    json: ["id": .number(42), "ok": .bool(true), "name": .string("42"), "gone": .null]))
        #expect(checks[1].name == "POST /orders/7")
        #expect(checks[1].body == "{\"qty\": 1}")
    }

    @Test("a stage's checks replace the function's; an empty list turns them off")
    func stageOverride() throws {
        let base = "checks: [{ method: GET, path: /orders/1, expect: { status: 200 } }]"
        #expect(try Self.checks(Self.load(base)).map(\.name) == ["GET /orders/1"])
        let replaced = try Self.load(
            base
                + "\nstages:\n  dev: { checks: [{ name: dev, method: POST, path: /orders/2, expect: { status: 202 } }] }"
        )
        #expect(try Self.checks(replaced).map(\.name) == ["dev"])
        #expect(try Self.checks(Self.load(base + "\nstages:\n  dev: { checks: [] }")).isEmpty)
    }

    @Test(
        "bad checks are errors naming the file and line and what is allowed",
        arguments: [
            (
                "checks: [{ method: GET, path: /orders/1, expect: { status: 200 }, timeout: 5s }]",
                "functions/orders.yaml:4:67: unknown key 'timeout' in check 1 of 'checks'"
            ),
            (
                "checks: [{ method: FETCH, path: /orders/1, expect: { status: 200 } }]",
                "functions/orders.yaml:4:20: 'method' of check 1 of 'checks' must be an HTTP method, found 'FETCH'"
            ),
            (
                "checks: [{ method: DELETE, path: /orders/1, expect: { status: 200 } }]",
                "functions/orders.yaml:4:20: 'method' of check 1 of 'checks' is DELETE, which the function's api route /orders/{id} does not serve (it serves GET, POST)"
            ),
            (
                "checks: [{ method: GET, path: orders/1, expect: { status: 200 } }]",
                "functions/orders.yaml:4:31: 'path' of check 1 of 'checks' must start with /"
            ),
            (
                "checks: [{ method: GET, path: /catalog/1, expect: { status: 200 } }]",
                "functions/orders.yaml:4:31: 'path' of check 1 of 'checks' is /catalog/1, which the function's api route /orders/{id} does not serve"
            ),
            (
                "checks: [{ method: GET, path: /orders/1/items, expect: { status: 200 } }]",
                "functions/orders.yaml:4:31: 'path' of check 1 of 'checks' is /orders/1/items, which the function's api route /orders/{id} does not serve"
            ),
            (
                "checks: [{ method: GET, path: /orders/1, expect: { status: 700 } }]",
                "functions/orders.yaml:4:60: 'status' must be an integer from 100 to 599 (an HTTP status), found 700"
            ),
            (
                "checks: [{ method: GET, path: /orders/1, expect: { status: 200, json: { a: [1] } } }]",
                "functions/orders.yaml:4:76: the value of 'a' in 'expect' of check 1 of 'checks' must be a string, number, true, false or null"
            ),
            (
                "checks: [{ method: GET, path: /orders/1 }]",
                "functions/orders.yaml:4:10: missing required key 'expect' in check 1 of 'checks'"
            ),
            (
                "checks: [{ method: GET, path: /orders/1, expect: { status: 200 } }, { method: GET, path: /orders/1, expect: { status: 404 } }]",
                "functions/orders.yaml:4:69: check 'GET /orders/1' is listed twice in 'checks'"
            ),
            (
                "stages:\n  dev: { checks: [{ method: PUT, path: /orders/1, expect: { status: 200 } }] }",
                "functions/orders.yaml:5:29: 'method' of check 1 of 'checks' of override for stage 'dev' is PUT"
            ),
        ])
    func badChecks(function: String, expected: String) {
        let errors = Self.errors(function)
        #expect(errors.contains { $0.hasPrefix(expected) }, "\(errors)")
    }

    @Test("more checks than the bound are an error")
    func tooMany() {
        let list = (1...21).map { "  - { method: GET, path: /orders/\($0), expect: { status: 200 } }" }
        let errors = Self.errors("checks:\n" + list.joined(separator: "\n"))
        #expect(
            errors == [
                "functions/orders.yaml:5:3: 'checks' lists 21 checks; at most 20 are allowed (each is an invocation before every rollout)"
            ], "\(errors)")
    }

    @Test("checks need an api route to send their requests to")
    func needsApi() {
        let errors = Self.errors("checks: [{ method: GET, path: /x, expect: { status: 200 } }]", api: "")
        #expect(
            errors == [
                "functions/orders.yaml:4:9: 'checks' needs 'api' in the function: a check is an API Gateway request to the function's route"
            ], "\(errors)")
    }

    @Test(
        "a request path reaches a route as API Gateway matches it",
        arguments: [
            ("/orders", "/orders", [String: String]?.some([:])),
            ("/orders", "/orders/", [:]),
            ("/orders", "/orders/1", nil),
            ("/orders/{id}", "/orders/1", ["id": "1"]),
            ("/orders/{id}", "/orders", nil),
            ("/files/{proxy+}", "/files/a/b", ["proxy": "a/b"]),
            ("/files/{proxy+}", "/files", nil),
            ("/", "/", [:]),
            ("/", "/x", nil),
        ])
    func routeMatching(route: String, path: String, parameters: [String: String]?) {
        #expect(ApiRoute(path: route, methods: ["GET"]).parameters(matching: path) == parameters)
    }
}

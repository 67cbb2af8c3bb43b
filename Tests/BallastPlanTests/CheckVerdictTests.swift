import BallastModel
import BallastPlan
import Foundation
import Testing

@Suite("a check's answer judged against what it expects")
struct CheckVerdictTests {
    static let check = FunctionCheck(
        name: "one order", method: "GET", path: "/orders/42", headers: ["Authorization": "Bearer s3cr3t-token"],
        expect: CheckExpectation(status: 200, bodyContains: "order", json: ["id": .number(42), "paid": .bool(true)]))

    static func answer(_ object: [String: Any], functionError: String? = nil) throws -> CheckAnswer {
        CheckAnswer(functionError: functionError, payload: try JSONSerialization.data(withJSONObject: object))
    }

    static func proxy(_ status: Int, _ body: String) throws -> CheckAnswer {
        try answer(["statusCode": status, "body": body])
    }

    @Test("an answer with the status, the text and the fields passes")
    func passes() throws {
        let result = CheckVerdict.judge(
            Self.check, answer: try Self.proxy(200, #"{"id": 42, "paid": true, "kind": "order"}"#))
        #expect(result.passed)
        #expect(result.status == 200)
        #expect(result.line == #"check 'one order' passed: got 200, body '{"id": 42, "paid": true, "kind": "order"}'"#)
    }

    @Test(
        "each way an answer can differ fails the check, saying how",
        arguments: [
            (500, #"{"id": 42, "paid": true, "kind": "order"}"#, "status 500, not 200"),
            (200, #"{"id": 42, "paid": true}"#, "the body does not contain 'order'"),
            (200, "order, not JSON", "the body is not JSON"),
            (200, #"{"paid": true, "kind": "order"}"#, "the JSON body has no field id"),
            (200, #"{"id": "42", "paid": true, "kind": "order"}"#, #"JSON field id is "42", not 42"#),
            (200, #"{"id": 42, "paid": 1, "kind": "order"}"#, "JSON field paid is 1, not true"),
            (
                200, #"{"id": 42, "paid": {"at": 1}, "kind": "order"}"#,
                "JSON field paid is an object or a list, not true"
            ),
        ])
    func fails(status: Int, body: String, failure: String) throws {
        let result = CheckVerdict.judge(Self.check, answer: try Self.proxy(status, body))
        #expect(!result.passed)
        #expect(result.failure == failure)
        #expect(result.line.hasPrefix("check 'one order' failed: \(failure); got \(status), body '"), "\(result.line)")
        #expect(result.line.hasSuffix("; expected status 200, body containing 'order', id = 42, paid = true"))
    }

    @Test("a nested field is found by its dotted path, list indices included")
    func nestedField() throws {
        let check = FunctionCheck(
            method: "GET", path: "/orders", expect: CheckExpectation(status: 200, json: ["items.1.sku": .string("b")]))
        #expect(
            CheckVerdict.judge(check, answer: try Self.proxy(200, #"{"items": [{"sku": "a"}, {"sku": "b"}]}"#)).passed)
        #expect(!CheckVerdict.judge(check, answer: try Self.proxy(200, #"{"items": [{"sku": "a"}]}"#)).passed)
    }

    @Test("a function error fails the check with Lambda's error type and message")
    func functionError() throws {
        let result = CheckVerdict.judge(
            Self.check,
            answer: try Self.answer(
                ["errorMessage": "this version is broken", "errorType": "RuntimeError"], functionError: "Unhandled"))
        #expect(!result.passed)
        #expect(result.status == nil)
        #expect(
            result.line
                == "check 'one order' failed: the function failed (Unhandled); got RuntimeError: this version is broken; expected status 200, body containing 'order', id = 42, paid = true"
        )
    }

    @Test("a timed-out invocation is called a timeout")
    func timeout() throws {
        let result = CheckVerdict.judge(
            Self.check,
            answer: try Self.answer(["errorMessage": "Task timed out after 3.00 seconds"], functionError: "Unhandled"))
        #expect(result.failure == "the function timed out")
        #expect(result.answer == "Task timed out after 3.00 seconds")
    }

    @Test("an answer that is not a proxy response fails as API Gateway would answer it: 502")
    func notProxy() throws {
        for payload in [
            #""just text""#, #"{"body": "no status"}"#, #"{"statusCode": 200, "body": {"a": 1}}"#, "not json",
        ] {
            let result = CheckVerdict.judge(
                Self.check, answer: CheckAnswer(functionError: nil, payload: Data(payload.utf8)))
            #expect(!result.passed)
            #expect(result.failure?.hasPrefix("the answer is not an API Gateway proxy response") == true, "\(payload)")
        }
    }

    @Test("a base64 body is decoded before it is compared")
    func base64Body() throws {
        let body = Data(#"{"id": 42, "paid": true, "kind": "order"}"#.utf8).base64EncodedString()
        let result = CheckVerdict.judge(
            Self.check, answer: try Self.answer(["statusCode": 200, "body": body, "isBase64Encoded": true]))
        #expect(result.passed, "\(result.line)")
    }

    @Test("the body shown is cut to 200 characters on one line, and the check's header values never appear")
    func excerptAndSecrets() throws {
        let long = String(repeating: "x", count: 300)
        let result = CheckVerdict.judge(
            Self.check, answer: try Self.proxy(401, "token Bearer s3cr3t-token refused\n" + long))
        #expect(!result.line.contains("s3cr3t"))
        #expect(result.answer.hasPrefix("401, body 'token *** refused x"))
        #expect(result.answer.hasSuffix("…'"))
        #expect(result.answer.count == "401, body ''".count + 200 + 1)
        #expect(!result.answer.contains("\n"))
    }
}

@Suite("the API Gateway proxy event of a check")
struct CheckEventTests {
    @Test("the event carries the request as API Gateway's REST API sends it to the route")
    func event() throws {
        let check = FunctionCheck(
            method: "POST", path: "/orders/42?verbose=1&tag=a&tag=b%20c", headers: ["Content-Type": "application/json"],
            body: #"{"qty": 1}"#, expect: CheckExpectation(status: 201))
        let data = CheckEvent.payload(
            for: check, route: ApiRoute(path: "/orders/{id}", methods: ["POST"]), stage: "dev", requestId: "r-1",
            now: Date(timeIntervalSince1970: 1_700_000_000))
        let event = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(event["resource"] as? String == "/orders/{id}")
        #expect(event["path"] as? String == "/orders/42")
        #expect(event["httpMethod"] as? String == "POST")
        #expect(event["body"] as? String == #"{"qty": 1}"#)
        #expect(event["isBase64Encoded"] as? Bool == false)
        #expect(event["pathParameters"] as? [String: String] == ["id": "42"])
        #expect(event["queryStringParameters"] as? [String: String] == ["verbose": "1", "tag": "b c"])
        #expect(
            event["multiValueQueryStringParameters"] as? [String: [String]] == ["verbose": ["1"], "tag": ["a", "b c"]])
        let headers = try #require(event["headers"] as? [String: String])
        #expect(headers == ["Content-Type": "application/json", "User-Agent": "ballast-check"])
        let context = try #require(event["requestContext"] as? [String: Any])
        #expect(context["stage"] as? String == "dev")
        #expect(context["path"] as? String == "/dev/orders/42")
        #expect(context["resourcePath"] as? String == "/orders/{id}")
        #expect(context["requestId"] as? String == "r-1")
        #expect(context["requestTimeEpoch"] as? Int == 1_700_000_000_000)
    }

    @Test("a request without query or parameters has them null, as API Gateway sends them")
    func nulls() throws {
        let data = CheckEvent.payload(
            for: FunctionCheck(method: "GET", path: "/orders", expect: CheckExpectation(status: 200)),
            route: ApiRoute(path: "/orders", methods: ["GET"]), stage: "prod", requestId: "r", now: Date())
        let event = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(event["queryStringParameters"] is NSNull)
        #expect(event["pathParameters"] is NSNull)
        #expect(event["body"] is NSNull)
    }
}

@Suite("a rollout's hook: its event, its verdict, its state in the rollout tag")
struct HookEventTests {
    @Test("the hook is invoked with the rollout: function, from and to version, commit, stage")
    func event() throws {
        let data = HookEvent.payload(
            function: "shop-dev-orders", fromVersion: "1", toVersion: "2", commit: "abc123", stage: "dev")
        let event = try JSONSerialization.jsonObject(with: data) as? [String: String]
        #expect(
            event == [
                "function": "shop-dev-orders", "fromVersion": "1", "toVersion": "2", "commit": "abc123", "stage": "dev",
            ])
    }

    @Test("any answer without a function error passes; an error or a timeout fails with Lambda's message")
    func verdict() {
        #expect(HookEvent.failure(CheckAnswer(functionError: nil, payload: Data("null".utf8))) == nil)
        #expect(
            HookEvent.failure(
                CheckAnswer(
                    functionError: "Unhandled",
                    payload: Data(#"{"errorType": "RuntimeError", "errorMessage": "migration 42 failed"}"#.utf8)))
                == "failed (Unhandled): RuntimeError: migration 42 failed")
        #expect(
            HookEvent.failure(
                CheckAnswer(
                    functionError: "Unhandled",
                    payload: Data(#"{"errorMessage": "Task timed out after 3.00 seconds"}"#.utf8)))
                == "timed out: Task timed out after 3.00 seconds")
    }

    @Test("the hook's state survives the rollout tag, so a resumed rollout knows it ran")
    func recorded() throws {
        let record = RolloutRecord(
            from: "1", to: "2", step: 0, stepStartedAt: Date(timeIntervalSince1970: 1_700_000_000),
            commit: String(repeating: "a", count: 40), imageDigest: "sha256:" + String(repeating: "b", count: 64),
            fingerprint: "0123456789ab", startedAt: Date(timeIntervalSince1970: 1_700_000_000), beforeTraffic: .started)
        #expect(record.tagValue.count <= RolloutRecord.tagValueLimit)
        #expect(RolloutRecord(tagValue: record.tagValue)?.beforeTraffic == .started)
        #expect(
            RolloutRecord(
                tagValue:
                    #"{"from":"1","to":"2","step":0,"stepStartedAt":"2026-01-01T00:00:00Z","phase":"progressing"}"#)?
                .beforeTraffic == nil)
    }

    @Test("both hooks' states fit in the rollout tag beside a long reason, and each reads back")
    func bothRecorded() throws {
        var record = RolloutRecord(
            from: "1", to: "2", step: 1, stepStartedAt: Date(timeIntervalSince1970: 1_700_000_000),
            commit: String(repeating: "a", count: 40), imageDigest: "sha256:" + String(repeating: "b", count: 64),
            fingerprint: "0123456789ab", startedAt: Date(timeIntervalSince1970: 1_700_000_000),
            beforeTraffic: .passed, afterTraffic: .started)
        #expect(record.tagValue.count <= RolloutRecord.tagValueLimit)
        let read = try #require(RolloutRecord(tagValue: record.tagValue))
        #expect(read.afterTraffic == .started)
        #expect(read.beforeTraffic != .started, "a passed hook may give way, never turn into started")
        #expect(read[hook: .afterTraffic] == .started)
        record.phase = .rolledBack
        record[hook: .afterTraffic] = .failed
        record.reason =
            "afterTraffic hook shop-prod-integration failed (Unhandled): " + String(repeating: "x", count: 300)
        #expect(record.tagValue.count <= RolloutRecord.tagValueLimit)
        let failed = try #require(RolloutRecord(tagValue: record.tagValue))
        #expect(failed.afterTraffic == .failed)
        #expect(failed.reason?.hasPrefix("afterTraffic hook shop-prod-integration failed") == true)
    }
}

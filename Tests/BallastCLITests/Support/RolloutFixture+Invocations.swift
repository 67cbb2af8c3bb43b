import BallastTestSupport
import Foundation

extension RolloutFixture {
    /// Appends `text` (top-level keys) to the fixture's `functions/orders.yaml`.
    func append(_ text: String) throws {
        let file = desired.appendingPathComponent("functions/orders.yaml")
        let current = try String(contentsOf: file, encoding: .utf8)
        try (current + (current.hasSuffix("\n") ? "" : "\n") + text).write(to: file, atomically: true, encoding: .utf8)
    }

    /// The alias `live` of orders as the emulator has it: version, weights and RevisionId.
    func liveAlias() throws -> [String: Any] {
        try lambda(
            """
            alias = lam.get_alias(FunctionName='shop-dev-orders', Name='live')
            print(json.dumps({'version': alias['FunctionVersion'], 'revision': alias['RevisionId'],
                              'weights': (alias.get('RoutingConfig') or {}).get('AdditionalVersionWeights') or {}}))
            """) as? [String: Any] ?? [:]
    }

    /// Sends `count` GET /orders requests through the dev stage's REST API (loopback, 50 a
    /// second); the answers' HTTP statuses and how often each came.
    func sendOrdersTraffic(count: Int) throws -> [String: Int] {
        let script = LoopbackPeer.repositoryRoot.appendingPathComponent("Tests/Support/send_traffic.py").path
        let printed = try PythonScript.jsonPrinted(
            byCode: "import runpy, sys\nsys.argv = sys.argv[1:]\nrunpy.run_path(sys.argv[0], run_name='__main__')",
            [
                script, emulator.url, "us-east-1", "shop-dev", "dev", "GET", "/orders", "--count", "\(count)",
                "--rate", "50", "--max-seconds", "30",
            ])
        return (printed as? [String: Any])?["statuses"] as? [String: Int] ?? [:]
    }

    /// How many invocations of `version` of the handler `function` ran through its alias
    /// `live`, by the emulator's own AWS/Lambda metrics.
    func liveInvocations(of function: String, version: String) throws -> Double {
        try PythonScript.jsonPrinted(
            byCode: """
                import boto3, datetime, json, sys
                cw = boto3.client('cloudwatch', endpoint_url=sys.argv[1], region_name='us-east-1',
                                  aws_access_key_id='testing', aws_secret_access_key='testing')
                now = datetime.datetime.now(datetime.timezone.utc)
                points = cw.get_metric_statistics(
                    Namespace='AWS/Lambda', MetricName='Invocations', Statistics=['Sum'], Period=60,
                    StartTime=now - datetime.timedelta(hours=1), EndTime=now + datetime.timedelta(minutes=5),
                    Dimensions=[{'Name': 'FunctionName', 'Value': sys.argv[2]},
                                {'Name': 'Resource', 'Value': sys.argv[2] + ':live'},
                                {'Name': 'ExecutedVersion', 'Value': sys.argv[3]}])['Datapoints']
                print(json.dumps(sum(p['Sum'] for p in points)))
                """, [emulator.url, "shop-dev-\(function)", version]) as? Double ?? -1
    }
}

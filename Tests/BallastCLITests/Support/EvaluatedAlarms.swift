import BallastTestSupport
import Foundation

/// Alarm states as the emulator evaluates them from the metrics of real requests: read, never
/// set.
extension RolloutFixture {
    /// Waits (up to 30 s) until the alarm `name` is in ALARM by the emulator's own evaluation;
    /// its StateReason, or nil if it never got there.
    func reasonOnceInAlarm(_ name: String) throws -> String? {
        try PythonScript.jsonPrinted(
            byCode: """
                import boto3, json, sys, time
                cw = boto3.client('cloudwatch', endpoint_url=sys.argv[1], region_name='us-east-1',
                                  aws_access_key_id='testing', aws_secret_access_key='testing')
                deadline = time.monotonic() + 30
                while time.monotonic() < deadline:
                    alarm = cw.describe_alarms(AlarmNames=[sys.argv[2]])['MetricAlarms'][0]
                    if alarm['StateValue'] == 'ALARM':
                        break
                    time.sleep(0.2)
                print(json.dumps(alarm['StateReason'] if alarm['StateValue'] == 'ALARM' else None))
                """, [emulator.url, name]) as? String
    }

    /// The state of the alarm `name`; with `becomes`, once it is in that state (waiting up to
    /// 30 s; the state it is in then, if it never got there).
    func alarmState(_ name: String, becomes wanted: String? = nil) throws -> String? {
        try PythonScript.jsonPrinted(
            byCode: """
                import boto3, json, sys, time
                cw = boto3.client('cloudwatch', endpoint_url=sys.argv[1], region_name='us-east-1',
                                  aws_access_key_id='testing', aws_secret_access_key='testing')
                deadline = time.monotonic() + (30 if sys.argv[3] else 0)
                while True:
                    state = cw.describe_alarms(AlarmNames=[sys.argv[2]])['MetricAlarms'][0]['StateValue']
                    if not sys.argv[3] or state == sys.argv[3] or time.monotonic() >= deadline:
                        break
                    time.sleep(0.2)
                print(json.dumps(state))
                """, [emulator.url, name, wanted ?? ""]) as? String
    }
}

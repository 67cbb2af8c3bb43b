"""AWS::CloudWatch::Alarm from a stack is a real alarm; PutMetricAlarm keeps an alarm's state."""
from cfn import deploy, outputs, update


def alarm_template(name: str, threshold: int) -> dict:
    return {
        "Resources": {
            "Topic": {"Type": "AWS::SNS::Topic"},
            "Errors": {
                "Type": "AWS::CloudWatch::Alarm",
                "Properties": {
                    "AlarmName": f"{name}-orders-errors",
                    "Namespace": "AWS/Lambda",
                    "MetricName": "Errors",
                    "Dimensions": [{"Name": "FunctionName", "Value": f"{name}-orders"}],
                    "Statistic": "Sum",
                    "Period": 60,
                    "EvaluationPeriods": 1,
                    "Threshold": threshold,
                    "ComparisonOperator": "GreaterThanOrEqualToThreshold",
                    "TreatMissingData": "notBreaching",
                    "AlarmActions": [{"Ref": "Topic"}],
                },
            },
        },
        "Outputs": {
            "Name": {"Value": {"Ref": "Errors"}},
            "Arn": {"Value": {"Fn::GetAtt": ["Errors", "Arn"]}},
        },
    }


def test_a_stacks_alarm_is_visible_and_settable_through_cloudwatch(aws, name):
    cfn, cloudwatch = aws("cloudformation"), aws("cloudwatch")
    stack = deploy(cfn, name, alarm_template(name, 1))
    alarm_name = f"{name}-orders-errors"

    [alarm] = cloudwatch.describe_alarms(AlarmNames=[alarm_name])["MetricAlarms"]
    assert alarm["Threshold"] == 1.0
    assert alarm["Dimensions"] == [{"Name": "FunctionName", "Value": f"{name}-orders"}]
    assert alarm["AlarmActions"][0].startswith("arn:aws:sns:us-east-1:")
    assert outputs(stack) == {"Name": alarm_name, "Arn": alarm["AlarmArn"]}
    assert alarm["StateValue"] == "INSUFFICIENT_DATA"  # as a new alarm in AWS, until evaluated

    cloudwatch.set_alarm_state(AlarmName=alarm_name, StateValue="ALARM", StateReason="test")
    [alarm] = cloudwatch.describe_alarms(AlarmNames=[alarm_name])["MetricAlarms"]
    assert alarm["StateValue"] == "ALARM"


def test_a_stack_update_rewrites_the_alarm_and_keeps_its_state(aws, name):
    cfn, cloudwatch = aws("cloudformation"), aws("cloudwatch")
    deploy(cfn, name, alarm_template(name, 1))
    alarm_name = f"{name}-orders-errors"
    cloudwatch.set_alarm_state(AlarmName=alarm_name, StateValue="ALARM", StateReason="test")

    update(cfn, name, alarm_template(name, 5))

    [alarm] = cloudwatch.describe_alarms(AlarmNames=[alarm_name])["MetricAlarms"]
    assert alarm["Threshold"] == 5.0
    assert alarm["StateValue"] == "ALARM"


def test_deleting_the_stack_deletes_the_alarm(aws, name):
    cfn, cloudwatch = aws("cloudformation"), aws("cloudwatch")
    deploy(cfn, name, alarm_template(name, 1))
    cfn.delete_stack(StackName=name)
    assert cloudwatch.describe_alarms(AlarmNames=[f"{name}-orders-errors"])["MetricAlarms"] == []


def test_put_metric_alarm_on_an_existing_alarm_keeps_its_state(aws, name):
    cloudwatch = aws("cloudwatch")
    settings = dict(
        AlarmName=name, Namespace="AWS/Lambda", MetricName="Errors", Statistic="Sum", Period=60,
        EvaluationPeriods=1, ComparisonOperator="GreaterThanThreshold",
    )
    cloudwatch.put_metric_alarm(Threshold=1, **settings)
    cloudwatch.set_alarm_state(AlarmName=name, StateValue="ALARM", StateReason="test")

    cloudwatch.put_metric_alarm(Threshold=2, **settings)

    [alarm] = cloudwatch.describe_alarms(AlarmNames=[name])["MetricAlarms"]
    assert (alarm["Threshold"], alarm["StateValue"]) == (2.0, "ALARM")


def test_a_new_alarm_starts_with_insufficient_data(aws, name):
    cloudwatch = aws("cloudwatch")
    cloudwatch.put_metric_alarm(
        AlarmName=name, Namespace="AWS/Lambda", MetricName="Errors", Statistic="Sum", Period=60,
        EvaluationPeriods=1, Threshold=1, ComparisonOperator="GreaterThanThreshold")
    [alarm] = cloudwatch.describe_alarms(AlarmNames=[name])["MetricAlarms"]
    assert alarm["StateValue"] == "INSUFFICIENT_DATA"
    assert [a["AlarmName"] for a in cloudwatch.describe_alarms(StateValue="INSUFFICIENT_DATA")["MetricAlarms"]
            if a["AlarmName"] == name] == [name]

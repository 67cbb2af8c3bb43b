"""Alarms are evaluated from their metrics (aws-emulator --evaluate-alarms), state and SNS follow."""
import datetime
import json
import sys
import time
from pathlib import Path

import pytest

from cfn import deploy
from invocation import function_with_versions, invoke, write_handler
from test_invoke import BAD, GOOD

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from ballast_emulator.alarm_evaluation import Window, verdict  # noqa: E402
from ballast_emulator.metric_math import UnsupportedExpression, evaluate  # noqa: E402
from moto.cloudwatch.models import Alarm  # noqa: E402

WAIT_SECONDS = 30  # the clock runs 60 times real time: a 60-second period takes one real second


def alarm(aws, name: str, topic: str | None = None, **settings) -> None:
    arguments = dict(
        AlarmName=name, Namespace="AWS/Lambda", MetricName="Errors", Statistic="Sum", Period=60,
        EvaluationPeriods=1, Threshold=1, ComparisonOperator="GreaterThanOrEqualToThreshold",
        Dimensions=[{"Name": "FunctionName", "Value": name}], TreatMissingData="notBreaching",
    )
    if topic:
        arguments |= {"AlarmActions": [topic], "OKActions": [topic]}
    arguments |= settings
    if "ExtendedStatistic" in arguments:
        del arguments["Statistic"]
    aws("cloudwatch").put_metric_alarm(**arguments)


def state(aws, name: str) -> dict:
    return aws("cloudwatch").describe_alarms(AlarmNames=[name])["MetricAlarms"][0]


def wait_for(aws, name: str, wanted: str, while_waiting=lambda: None) -> dict:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        while_waiting()
        if (found := state(aws, name))["StateValue"] == wanted:
            return found
        time.sleep(0.1)
    pytest.fail(f"alarm {name} not {wanted} within {WAIT_SECONDS}s: {state(aws, name)}")


def put_errors(aws, name: str, value: float) -> None:
    aws("cloudwatch").put_metric_data(Namespace="AWS/Lambda", MetricData=[{
        "MetricName": "Errors", "Value": value, "Unit": "Count",
        "Dimensions": [{"Name": "FunctionName", "Value": name}]}])


@pytest.fixture
def queue(evaluating_aws, name) -> tuple[str, str]:
    """(topic ARN, queue URL): an SNS topic delivering to an SQS queue."""
    sns, sqs = evaluating_aws("sns"), evaluating_aws("sqs")
    topic = sns.create_topic(Name=name)["TopicArn"]
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)
    return topic, url


def notifications(aws, url: str, count: int) -> list[dict]:
    """The first `count` alarm notifications the queue received (SNS envelopes opened)."""
    found: list[dict] = []
    deadline = time.monotonic() + WAIT_SECONDS
    while len(found) < count and time.monotonic() < deadline:
        for message in aws("sqs").receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", []):
            envelope = json.loads(message["Body"])
            found.append(json.loads(envelope["Message"]) | {"Subject": envelope["Subject"]})
    return found


def test_an_alarm_follows_its_metric_and_notifies_its_topic(evaluating_aws, name, queue):
    topic, url = queue
    alarm(evaluating_aws, name, topic)
    ok = wait_for(evaluating_aws, name, "OK")  # no data, treated as not breaching
    assert ok["StateReason"] == ("Threshold Crossed: no datapoints were received for 1 period and 1 missing "
                                 "datapoint was treated as [NonBreaching].")

    alarmed = wait_for(evaluating_aws, name, "ALARM", lambda: put_errors(evaluating_aws, name, 3))
    assert alarmed["StateReason"].startswith("Threshold Crossed: 1 out of the last 1 datapoints [")
    assert "was greater than or equal to the threshold (1.0) (minimum 1 datapoint for OK -> ALARM transition)." \
        in alarmed["StateReason"]
    data = json.loads(alarmed["StateReasonData"])
    assert data["statistic"] == "Sum" and data["period"] == 60 and data["threshold"] == 1.0
    assert data["recentDatapoints"][0] >= 3

    wait_for(evaluating_aws, name, "OK")  # the errors stopped
    sent = notifications(evaluating_aws, url, 3)
    assert [(n["OldStateValue"], n["NewStateValue"]) for n in sent] == [
        ("INSUFFICIENT_DATA", "OK"), ("OK", "ALARM"), ("ALARM", "OK")]
    assert sent[1]["Subject"] == f'ALARM: "{name}" in US East (N. Virginia)'
    assert sent[1]["AlarmName"] == name and sent[1]["Trigger"]["MetricName"] == "Errors"
    assert sent[1]["NewStateReason"] == alarmed["StateReason"]


def test_missing_data_leaves_an_alarm_insufficient_and_a_hand_set_state_lasts_one_period(evaluating_aws, name):
    alarm(evaluating_aws, name, TreatMissingData="missing")
    evaluating_aws("cloudwatch").set_alarm_state(AlarmName=name, StateValue="ALARM", StateReason="by hand")
    found = wait_for(evaluating_aws, name, "INSUFFICIENT_DATA")
    assert found["StateReason"] == "Insufficient Data: 1 datapoint was unknown."


def test_an_alarm_on_a_versions_errors_fires_from_real_invocations(evaluating_aws, name, tmp_path):
    function_with_versions(evaluating_aws, name, [write_handler(tmp_path, "good", GOOD),
                                                  write_handler(tmp_path, "bad", BAD)])
    evaluating_aws("lambda").create_alias(FunctionName=name, Name="live", FunctionVersion="1",
                                          RoutingConfig={"AdditionalVersionWeights": {"2": 0.5}})
    dimensions = [{"Name": "FunctionName", "Value": name}, {"Name": "Resource", "Value": f"{name}:live"}]
    alarm(evaluating_aws, f"{name}-v2", Dimensions=[*dimensions, {"Name": "ExecutedVersion", "Value": "2"}])
    alarm(evaluating_aws, f"{name}-v1", Dimensions=[*dimensions, {"Name": "ExecutedVersion", "Value": "1"}])

    wait_for(evaluating_aws, f"{name}-v2", "ALARM", lambda: invoke(evaluating_aws, name, "live"))
    assert state(evaluating_aws, f"{name}-v1")["StateValue"] == "OK"


def test_a_p99_duration_alarm_fires_on_a_slow_version(evaluating_aws, name, tmp_path):
    slow = write_handler(tmp_path, "slow", """
        import time

        def handler(event, context):
            time.sleep(0.05)
            return "slow"
    """)
    function_with_versions(evaluating_aws, name, [slow])
    alarm(evaluating_aws, name, MetricName="Duration", ExtendedStatistic="p99", Threshold=40,
          ComparisonOperator="GreaterThanThreshold",
          Dimensions=[{"Name": "FunctionName", "Value": name}, {"Name": "Resource", "Value": f"{name}:1"}])
    found = wait_for(evaluating_aws, name, "ALARM", lambda: invoke(evaluating_aws, name, "1"))
    assert json.loads(found["StateReasonData"])["extendedStatistic"] == "p99"
    assert "was greater than the threshold (40.0)" in found["StateReason"]


def _alarm(evaluation_periods: int, datapoints: int, treat: str, state_value: str = "OK") -> Alarm:
    made = Alarm(
        account_id="123456789012", region_name="us-east-1", name="a", namespace="AWS/Lambda",
        metric_name="Errors", metric_data_queries=None, comparison_operator="GreaterThanThreshold",
        evaluation_periods=evaluation_periods, datapoints_to_alarm=datapoints, period=60, threshold=0,
        statistic="Sum", extended_statistic=None, description="", dimensions=[], alarm_actions=[],
        ok_actions=[], insufficient_data_actions=[], unit=None, actions_enabled=True, treat_missing_data=treat,
        evaluate_low_sample_count_percentile=None, threshold_metric_id=None, rule=None)
    made.state_value = state_value
    return made


def _windows(*values: float | None) -> list[Window]:
    start = datetime.datetime(2026, 12, 6, 22, 0, tzinfo=datetime.timezone.utc).timestamp()
    return [Window(start + 60 * i, None if v is None else float(v), 0 if v is None else 1) for i, v in enumerate(values)]


@pytest.mark.parametrize(("values", "treat", "expected"), [
    ((1, 0, 1), "missing", "ALARM"),          # 2 of 3 breach
    ((1, 0, 0), "missing", "OK"),
    ((None, None, 1), "missing", "OK"),       # one present breaching is fewer than 2
    ((None, None, 1), "breaching", "ALARM"),  # missing counts as breaching
    ((None, None, 1), "notBreaching", "OK"),
    ((None, None, None), "missing", "INSUFFICIENT_DATA"),
    ((None, None, None), "ignore", None),     # keeps its state
    ((None, None, None), "breaching", "ALARM"),
])
def test_datapoints_to_alarm_out_of_evaluation_periods(values, treat, expected):
    found = verdict(_alarm(3, 2, treat), _windows(*values))
    assert (found.state if found else None) == expected


def test_the_reason_lists_the_breaching_datapoints_newest_first():
    found = verdict(_alarm(3, 2, "missing"), _windows(4, 0, 2))
    assert found.reason == ("Threshold Crossed: 2 out of the last 3 datapoints [2.0 (06/12/26 22:02:00), "
                            "0.0 (06/12/26 22:01:00), 4.0 (06/12/26 22:00:00)] were greater than the threshold "
                            "(0.0) (minimum 2 datapoints for OK -> ALARM transition).")


def route_metrics(api: str, metric: str, stat: str, expression: str) -> list[dict]:
    """An alarm's `Metrics` as Ballast synthesizes a route's (Alarms.swift): one query per
    method of the route, and the expression over them that the alarm watches."""
    def method(index: int, verb: str) -> dict:
        return {"Id": f"m{index}", "ReturnData": False, "MetricStat": {"Period": 60, "Stat": stat, "Metric": {
            "Namespace": "AWS/ApiGateway", "MetricName": metric,
            "Dimensions": [{"Name": "ApiName", "Value": api}, {"Name": "Stage", "Value": "dev"},
                           {"Name": "Resource", "Value": "/orders"}, {"Name": "Method", "Value": verb}]}}}
    return [method(1, "GET"), method(2, "POST"),
            {"Id": "total", "Expression": expression, "ReturnData": True, "Label": metric}]


def route_datum(api: str, metric: str, verb: str, value: float, at: datetime.datetime) -> dict:
    """A data point of one method of the route, as API Gateway publishes it."""
    return {"MetricName": metric, "Value": value, "Unit": "Milliseconds" if metric == "Latency" else "Count",
            "Timestamp": at,
            "Dimensions": [{"Name": "ApiName", "Value": api}, {"Name": "Stage", "Value": "dev"},
                           {"Name": "Resource", "Value": "/orders"}, {"Name": "Method", "Value": verb}]}


def test_a_stacks_metric_math_alarm_sums_the_routes_methods_and_fires(evaluating_aws, name, queue):
    topic, url = queue
    template = {"Resources": {"Alarm": {"Type": "AWS::CloudWatch::Alarm", "Properties": {
        "AlarmName": name, "ComparisonOperator": "GreaterThanOrEqualToThreshold", "EvaluationPeriods": 1,
        "Threshold": 2, "TreatMissingData": "notBreaching", "AlarmActions": [topic],
        # Average, not Ballast's Sum: each period's value is then 1 + 1 however many points
        # a period holds.
        "Metrics": route_metrics(name, "5XXError", "Average", "m1 + m2")}}}}
    deploy(evaluating_aws("cloudformation"), name, template)
    [made] = evaluating_aws("cloudwatch").describe_alarms(AlarmNames=[name])["MetricAlarms"]
    assert [(m["Id"], m["ReturnData"]) for m in made["Metrics"]] == [("m1", False), ("m2", False), ("total", True)]
    wait_for(evaluating_aws, name, "OK")  # no data: not breaching

    # 1 on each method at one moment, again until it fires (a point arriving after its period
    # was evaluated is not counted): neither alone reaches 2, their sum does.
    def errors() -> None:
        at = datetime.datetime.now(datetime.timezone.utc)
        evaluating_aws("cloudwatch").put_metric_data(Namespace="AWS/ApiGateway", MetricData=[
            route_datum(name, "5XXError", "GET", 1, at), route_datum(name, "5XXError", "POST", 1, at)])
    found = wait_for(evaluating_aws, name, "ALARM", errors)
    assert found["StateReason"].startswith("Threshold Crossed: 1 out of the last 1 datapoints [2.0 (")
    assert "was greater than or equal to the threshold (2.0)" in found["StateReason"]
    data = json.loads(found["StateReasonData"])
    assert data["period"] == 60 and data["recentDatapoints"] == [2.0] and "statistic" not in data
    [notice] = notifications(evaluating_aws, url, 1)
    assert notice["NewStateValue"] == "ALARM"
    assert [m["id"] for m in notice["Trigger"]["Metrics"]] == ["m1", "m2", "total"]


def test_a_latency_alarm_on_the_highest_method_fires_from_one_method_alone(evaluating_aws, name):
    evaluating_aws("cloudwatch").put_metric_alarm(
        AlarmName=name, ComparisonOperator="GreaterThanOrEqualToThreshold", EvaluationPeriods=1, Threshold=2000,
        TreatMissingData="notBreaching", Metrics=route_metrics(name, "Latency", "Average", "MAX([m1, m2])"))
    wait_for(evaluating_aws, name, "OK")
    # GET is slow, POST gets no requests: the highest of them is GET's average.
    found = wait_for(evaluating_aws, name, "ALARM", lambda: evaluating_aws("cloudwatch").put_metric_data(
        Namespace="AWS/ApiGateway",
        MetricData=[route_datum(name, "Latency", "GET", 2500, datetime.datetime.now(datetime.timezone.utc))]))
    assert "[2500.0 (" in found["StateReason"]


def test_an_error_count_alarm_on_the_sum_of_methods_fires_from_one_method_alone(evaluating_aws, name):
    # Ballast's route alarms: SUM([m1, m2]) takes the methods with a value, where m1 + m2 would
    # have none in a period in which POST got no requests.
    evaluating_aws("cloudwatch").put_metric_alarm(
        AlarmName=name, ComparisonOperator="GreaterThanOrEqualToThreshold", EvaluationPeriods=1, Threshold=1,
        TreatMissingData="notBreaching", Metrics=route_metrics(name, "5XXError", "Sum", "SUM([m1, m2])"))
    wait_for(evaluating_aws, name, "OK")
    found = wait_for(evaluating_aws, name, "ALARM", lambda: evaluating_aws("cloudwatch").put_metric_data(
        Namespace="AWS/ApiGateway",
        MetricData=[route_datum(name, "5XXError", "GET", 3, datetime.datetime.now(datetime.timezone.utc))]))
    # (Sum: each try until it fires adds 3 to the period.)
    [value] = json.loads(found["StateReasonData"])["recentDatapoints"]
    assert value >= 3 and value % 3 == 0


@pytest.mark.parametrize(("expression", "expected"), [
    ("m1 + m2", 3.0), ("m1 + m3", None), ("MAX([m1, m2])", 2.0), ("MAX([m1, m3])", 1.0), ("MAX([m3])", None),
    ("SUM([m1, m2, m3])", 3.0), ("AVG([m1, m2])", 1.5), ("MIN([m2, m1])", 1.0), ("(m1 + m2) * 2 / 4 - -1", 2.5),
    ("m2 / 0", None), ("e1 * 10", 30.0),
])
def test_metric_math_per_period(expression, expected):
    values = {"m1": 1.0, "m2": 2.0, "m3": None}

    def value(query_id: str) -> float | None:
        return evaluate("m1 + m2", values.get) if query_id == "e1" else values[query_id]
    assert evaluate(expression, value) == expected


@pytest.mark.parametrize("expression", ["FILL(m1, 0)", "MAX(m1)", "METRICS()", "m1 +", "m1 m2", "Q1 + 1"])
def test_metric_math_outside_the_grammar_is_refused(expression):
    with pytest.raises(UnsupportedExpression):
        evaluate(expression, lambda _: 1.0)

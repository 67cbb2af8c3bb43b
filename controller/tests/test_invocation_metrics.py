"""Each invocation puts the AWS/Lambda metrics AWS publishes, on AWS's dimension sets."""
import datetime

import pytest

from invocation import function_with_versions, invoke, write_handler
from test_invoke import BAD, GOOD


@pytest.fixture
def function(aws, name, tmp_path) -> str:
    function_with_versions(aws, name, [write_handler(tmp_path, "good", GOOD), write_handler(tmp_path, "bad", BAD)])
    return name


def sums(aws, metric: str, dimensions: dict[str, str], stat: str = "Sum") -> float | None:
    """The metric's statistic over the last ten minutes (one period), None without data."""
    now = datetime.datetime.now(datetime.timezone.utc)
    answer = aws("cloudwatch").get_metric_data(
        MetricDataQueries=[{"Id": "m", "MetricStat": {
            "Metric": {"Namespace": "AWS/Lambda", "MetricName": metric,
                       "Dimensions": [{"Name": k, "Value": v} for k, v in dimensions.items()]},
            "Period": 600, "Stat": stat}}],
        StartTime=now - datetime.timedelta(minutes=5), EndTime=now + datetime.timedelta(minutes=5))
    values = answer["MetricDataResults"][0]["Values"]
    return sum(values) if values else None


def test_alias_invocations_are_counted_per_executed_version(aws, function):
    aws("lambda").create_alias(FunctionName=function, Name="live", FunctionVersion="1",
                               RoutingConfig={"AdditionalVersionWeights": {"2": 0.25}})
    for _ in range(8):
        invoke(aws, function, "live")

    live = {"FunctionName": function, "Resource": f"{function}:live"}
    assert sums(aws, "Invocations", live) == 8
    assert sums(aws, "Errors", live) == 2
    assert sums(aws, "Invocations", {**live, "ExecutedVersion": "1"}) == 6
    assert sums(aws, "Errors", {**live, "ExecutedVersion": "1"}) == 0
    assert sums(aws, "Invocations", {**live, "ExecutedVersion": "2"}) == 2
    assert sums(aws, "Errors", {**live, "ExecutedVersion": "2"}) == 2
    assert sums(aws, "Invocations", {"FunctionName": function}) == 8
    assert sums(aws, "Errors", {"FunctionName": function}) == 2
    assert sums(aws, "Duration", {**live, "ExecutedVersion": "2"}, "SampleCount") == 2
    assert sums(aws, "Duration", {"FunctionName": function}, "p99") >= 0


def test_version_and_unqualified_invocations(aws, function):
    invoke(aws, function, "2")
    invoke(aws, function)
    assert sums(aws, "Invocations", {"FunctionName": function, "Resource": f"{function}:2"}) == 1
    assert sums(aws, "Errors", {"FunctionName": function, "Resource": f"{function}:2"}) == 1
    assert sums(aws, "Invocations", {"FunctionName": function}) == 2
    assert sums(aws, "Invocations", {"FunctionName": function, "Resource": f"{function}:2",
                                     "ExecutedVersion": "2"}) is None  # only aliases have ExecutedVersion

"""GetMetricData: percentiles computed, dimension sets and time windows honoured."""
from datetime import datetime, timedelta, timezone

DIMENSIONS = [{"Name": "FunctionName", "Value": "f"}, {"Name": "Resource", "Value": "f:live"},
              {"Name": "ExecutedVersion", "Value": "2"}]


def query(id_, metric, stat, dimensions=DIMENSIONS):
    return {"Id": id_, "MetricStat": {"Metric": {"Namespace": "AWS/Lambda", "MetricName": metric,
                                                 "Dimensions": dimensions}, "Period": 60, "Stat": stat}}


def test_p99_and_dimension_sets(aws):
    cloudwatch = aws("cloudwatch")
    now = datetime.now(timezone.utc)
    old = [dict(d) for d in DIMENSIONS]
    old[2]["Value"] = "1"
    # In batches: boto3 gzips a request body over 10 KB, and the emulator then fails to read it.
    for first in range(1, 101, 20):
        cloudwatch.put_metric_data(Namespace="AWS/Lambda", MetricData=[
            {"MetricName": "Duration", "Dimensions": DIMENSIONS, "Value": float(v)} for v in range(first, first + 20)])
    cloudwatch.put_metric_data(Namespace="AWS/Lambda", MetricData=[
        {"MetricName": "Errors", "Dimensions": old, "Value": 5.0}])
    result = cloudwatch.get_metric_data(
        MetricDataQueries=[query("p99", "Duration", "p99"), query("p50", "Duration", "p50"),
                           query("new", "Errors", "Sum"), query("old", "Errors", "Sum", old),
                           query("fn", "Errors", "Sum", DIMENSIONS[:1])],
        StartTime=now - timedelta(seconds=30), EndTime=now + timedelta(seconds=30))
    values = {r["Id"]: r["Values"] for r in result["MetricDataResults"]}
    assert values["p99"] == [99.0]
    assert values["p50"] == [50.0]
    assert values["new"] == []  # errors of version 1 are not version 2's
    assert values["old"] == [5.0]
    assert values["fn"] == []  # the exact dimension set counts, as in AWS


def test_time_window(aws):
    cloudwatch = aws("cloudwatch")
    now = datetime.now(timezone.utc)
    cloudwatch.put_metric_data(Namespace="AWS/Lambda", MetricData=[
        {"MetricName": "Errors", "Dimensions": DIMENSIONS, "Value": 1.0, "Timestamp": now - timedelta(minutes=10)}])
    later = cloudwatch.get_metric_data(
        MetricDataQueries=[query("e", "Errors", "Sum")], StartTime=now - timedelta(minutes=5),
        EndTime=now + timedelta(seconds=30))
    assert later["MetricDataResults"][0]["Values"] == []

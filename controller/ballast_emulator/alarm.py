"""AWS::CloudWatch::Alarm on moto's CloudWatch backend, and PutMetricAlarm keeping state.

moto 5.2.1 skips AWS::CloudWatch::Alarm in templates ("not supported by moto's
CloudFormation implementation"), so a stack's alarms never reach DescribeAlarms.
Here a stack's alarm is a real alarm in the cloudwatch backend, its `Metrics` (metric
math) included: DescribeAlarms lists it, SetAlarmState changes it, a stack update rewrites it and a stack delete
removes it. Ref gives the alarm name, Fn::GetAtt Arn its ARN.

moto's PutMetricAlarm also builds a fresh alarm, resetting an existing one's state
to OK; AWS leaves the state of an updated alarm unchanged. The patch below carries
the state over. A new alarm starts in INSUFFICIENT_DATA, as in AWS (moto: OK), until
its metric is evaluated or its state is set.
"""
from typing import Any

from moto.cloudwatch.models import (
    CloudWatchBackend,
    Dimension,
    Metric,
    MetricDataQuery,
    MetricStat,
    cloudwatch_backends,
)
from moto.core.common_models import CloudFormationModel


def _as_bool(value: Any, default: bool) -> bool:
    """Template booleans arrive as true/false or as the strings "true"/"false"."""
    return default if value is None else str(value).lower() == "true"


def metric_data_queries(metrics: list[dict[str, Any]] | None) -> list[MetricDataQuery] | None:
    """A template's `Metrics` (metric math) as moto's queries, as its PutMetricAlarm builds them."""
    if not metrics:
        return None
    queries = []
    for entry in metrics:
        stat = entry.get("MetricStat")
        metric_stat = None
        if stat:
            metric = stat.get("Metric", {})
            metric_stat = MetricStat(
                metric=Metric(
                    metric_name=metric.get("MetricName"), namespace=metric.get("Namespace"),
                    dimensions=[Dimension(d.get("Name"), d.get("Value")) for d in metric.get("Dimensions", [])]),
                period=stat.get("Period"), stat=stat.get("Stat"), unit=stat.get("Unit"))
        queries.append(MetricDataQuery(
            query_id=entry.get("Id"), label=entry.get("Label"), period=entry.get("Period"),
            return_data=_as_bool(entry.get("ReturnData"), True), expression=entry.get("Expression"),
            metric_stat=metric_stat))
    return queries


class CloudWatchAlarm(CloudFormationModel):
    """The stack's handle on one alarm that lives in moto's cloudwatch backend."""

    def __init__(self, name: str, arn: str):
        self.name = name
        self.arn = arn

    @property
    def physical_resource_id(self) -> str:
        return self.name

    @staticmethod
    def cloudformation_name_type() -> str:
        return "AlarmName"

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::CloudWatch::Alarm"

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return attr == "Arn"

    def get_cfn_attribute(self, attribute_name: str) -> str:
        return self.arn

    @classmethod
    def create_from_cloudformation_json(  # type: ignore[misc]
        cls, resource_name: str, cloudformation_json: dict[str, Any], account_id: str, region_name: str, **kwargs: Any
    ) -> "CloudWatchAlarm":
        p = cloudformation_json["Properties"]
        alarm = cloudwatch_backends[account_id][region_name].put_metric_alarm(
            name=resource_name,
            namespace=p.get("Namespace"),
            metric_name=p.get("MetricName"),
            metric_data_queries=metric_data_queries(p.get("Metrics")),
            comparison_operator=p["ComparisonOperator"],
            evaluation_periods=int(p["EvaluationPeriods"]),
            datapoints_to_alarm=int(p["DatapointsToAlarm"]) if "DatapointsToAlarm" in p else None,
            period=int(p["Period"]) if "Period" in p else None,
            threshold=float(p["Threshold"]) if "Threshold" in p else None,
            statistic=p.get("Statistic"),
            extended_statistic=p.get("ExtendedStatistic"),
            description=p.get("AlarmDescription"),
            dimensions=p.get("Dimensions", []),
            alarm_actions=p.get("AlarmActions", []),
            ok_actions=p.get("OKActions", []),
            insufficient_data_actions=p.get("InsufficientDataActions", []),
            unit=p.get("Unit"),
            actions_enabled=_as_bool(p.get("ActionsEnabled"), True),
            treat_missing_data=p.get("TreatMissingData"),
            evaluate_low_sample_count_percentile=p.get("EvaluateLowSampleCountPercentile"),
            threshold_metric_id=p.get("ThresholdMetricId"),
            tags=p.get("Tags"),
        )
        return cls(alarm.name, alarm.alarm_arn)

    @classmethod
    def update_from_cloudformation_json(  # type: ignore[misc]
        cls, original_resource: "CloudWatchAlarm", new_resource_name: str, cloudformation_json: dict[str, Any],
        account_id: str, region_name: str,
    ) -> "CloudWatchAlarm":
        # Without an AlarmName moto generates a new random name on every update; AWS keeps the old one.
        name = cloudformation_json["Properties"].get("AlarmName", original_resource.name)
        if name != original_resource.name:  # AlarmName is create-only: replacement
            original_resource.delete(account_id, region_name)
        return cls.create_from_cloudformation_json(name, cloudformation_json, account_id, region_name)

    @classmethod
    def delete_from_cloudformation_json(  # type: ignore[misc]
        cls, resource_name: str, cloudformation_json: dict[str, Any], account_id: str, region_name: str
    ) -> None:
        cloudwatch_backends[account_id][region_name].delete_alarms([resource_name])

    def delete(self, account_id: str, region_name: str) -> None:
        cloudwatch_backends[account_id][region_name].delete_alarms([self.name])


_put_metric_alarm = CloudWatchBackend.put_metric_alarm


def _put_metric_alarm_keeping_state(self: CloudWatchBackend, name: str, *args: Any, **kwargs: Any) -> Any:
    previous = self.alarms.get(name)
    alarm = _put_metric_alarm(self, name, *args, **kwargs)
    if previous is not None:
        for field in ("state_value", "state_reason", "state_reason_data", "state_updated_timestamp", "history"):
            setattr(alarm, field, getattr(previous, field))
    else:
        alarm.state_value = "INSUFFICIENT_DATA"
    return alarm


CloudWatchBackend.put_metric_alarm = _put_metric_alarm_keeping_state  # type: ignore[method-assign]

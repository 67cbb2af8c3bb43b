"""Alarms evaluated from their metrics, as CloudWatch evaluates them.

moto 5.2.1 never evaluates an alarm: its state changes only by SetAlarmState. In
`aws-emulator` (unless `--no-evaluate-alarms`), a thread evaluates every alarm on one metric
(Namespace, MetricName, Dimensions matched exactly, Unit if set) or on metric math
(`Metrics`) once per Period of the emulator's clock (clock.py, `--clock-rate`): over the
last EvaluationPeriods complete periods it computes the Statistic or ExtendedStatistic (p99
through metric_percentiles.py) of the data points in each (metric math: each MetricStat's
Stat per period, then the returned expression of them, metric_math.py), compares it with
Threshold by ComparisonOperator, and goes to ALARM when DatapointsToAlarm (default
EvaluationPeriods) of them breach, else OK. Periods without data follow TreatMissingData:
`breaching` and `notBreaching` count them as such, `ignore` and `missing` leave them out;
with none left, `ignore` keeps the state and `missing` goes to INSUFFICIENT_DATA. A change
of state records a StateReason and StateReasonData in CloudWatch's words and publishes
CloudWatch's notification to each SNS topic of the new state's actions (AlarmActions,
OKActions, InsufficientDataActions) when ActionsEnabled. As in CloudWatch, a state set by
SetAlarmState lasts until the next evaluation.

With `--no-evaluate-alarms` alarms are not evaluated: a state set by hand stays. Still
different from CloudWatch: metric math outside metric_math.py's grammar (FILL, METRICS(),
SEARCH, …) is not evaluated, CloudWatch looks further back than EvaluationPeriods for
`missing` data, and EvaluateLowSampleCountPercentile is ignored.
"""
import datetime
import json
import math
import threading
from dataclasses import dataclass
from typing import Any

from moto.cloudwatch.models import Alarm, CloudWatchBackend, Statistics, cloudwatch_backends
from moto.sns.models import sns_backends

from .clock import EmulatorClock
from .metric_math import UnsupportedExpression, evaluate

_COMPARISONS = {
    "GreaterThanOrEqualToThreshold": ("greater than or equal to", lambda v, t: v >= t),
    "GreaterThanThreshold": ("greater than", lambda v, t: v > t),
    "LessThanThreshold": ("less than", lambda v, t: v < t),
    "LessThanOrEqualToThreshold": ("less than or equal to", lambda v, t: v <= t),
}
_REGION_NAMES = {"us-east-1": "US East (N. Virginia)", "us-east-2": "US East (Ohio)",
                 "us-west-2": "US West (Oregon)", "eu-west-1": "EU (Ireland)", "eu-central-1": "EU (Frankfurt)"}


@dataclass(frozen=True)
class Window:
    """One period of an alarm's evaluation: its start (emulator epoch seconds) and value."""

    start: float
    value: float | None
    samples: int


@dataclass(frozen=True)
class Verdict:
    """The state an evaluation gives, with CloudWatch's reason."""

    state: str
    reason: str


def _epoch(timestamp: Any) -> float:
    if isinstance(timestamp, str):
        timestamp = datetime.datetime.fromisoformat(timestamp.replace("Z", "+00:00"))
    if timestamp.tzinfo is None:
        timestamp = timestamp.replace(tzinfo=datetime.timezone.utc)
    return timestamp.timestamp()


def _stamp(emulator_seconds: float) -> str:
    return datetime.datetime.fromtimestamp(emulator_seconds, datetime.timezone.utc).strftime("%d/%m/%y %H:%M:%S")


def _iso(emulator_seconds: float) -> str:
    moment = datetime.datetime.fromtimestamp(emulator_seconds, datetime.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}+0000"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


MetricKey = tuple[str, str, tuple[tuple[str, str], ...]]


def _key(namespace: str, name: str, dimensions: Any) -> MetricKey:
    """A metric's identity: namespace, name and its exact dimension set."""
    return namespace, name, tuple(sorted((d.name, d.value) for d in dimensions))


def metrics_by_key(backend: CloudWatchBackend) -> dict[MetricKey, list[Any]]:
    """The backend's data points grouped by metric, so each alarm reads only its own."""
    grouped: dict[MetricKey, list[Any]] = {}
    for datum in backend.metric_data:
        grouped.setdefault(_key(datum.namespace, datum.name, datum.dimensions), []).append(datum)
    return grouped


def _periods(data: list[Any], period: float, count: int, stat: str, unit: str | None, clock: EmulatorClock,
             end: float) -> list[Window]:
    """The statistic `stat` of the data points in each of the `count` periods before `end`
    (emulator time), oldest first."""
    first = end - period * count
    buckets: list[list[Any]] = [[] for _ in range(count)]
    for datum in data:
        if unit and datum.unit != unit:
            continue
        at = clock.at(_epoch(datum.timestamp))
        if first <= at < end:
            buckets[int((at - first) // period)].append(datum)
    result = []
    for index, data in enumerate(buckets):
        value = None
        if data:
            statistics = Statistics([stat], datetime.datetime.now())
            statistics.metric_data = data
            computed = statistics.get_statistics_for_type(stat)
            value = None if computed is None else float(computed)
        result.append(Window(first + index * period, value, len(data)))
    return result


def windows(data: list[Any], alarm: Alarm, clock: EmulatorClock, end: float) -> list[Window]:
    """The alarm's last EvaluationPeriods complete periods before `end` (emulator time), oldest
    first, from the data points of its metric."""
    return _periods(data, float(alarm.period), int(alarm.evaluation_periods),
                    alarm.extended_statistic or alarm.statistic, alarm.unit, clock, end)


def _returned(alarm: Alarm) -> Any:
    """The query of a metric-math alarm whose values the alarm watches (ReturnData true)."""
    returned = [q for q in alarm.metric_data_queries if q.return_data is None or str(q.return_data).lower() == "true"]
    if len(returned) != 1:
        raise UnsupportedExpression(f"{len(returned)} queries with ReturnData true (an alarm needs one)")
    return returned[0]


def math_period(alarm: Alarm) -> int:
    """A metric-math alarm's period: that of its metrics (CloudWatch requires one for all)."""
    periods = {int(q.metric_stat.period or q.period) for q in alarm.metric_data_queries if q.metric_stat}
    if len(periods) != 1:
        raise UnsupportedExpression(f"metric periods {sorted(periods)} (an alarm needs one)")
    return periods.pop()


def math_windows(grouped: dict[MetricKey, list[Any]], alarm: Alarm, clock: EmulatorClock, end: float) -> list[Window]:
    """As `windows`, for an alarm on metric math: each MetricStat query's statistic per period,
    then the returned expression of them (metric_math.py)."""
    period, count = math_period(alarm), int(alarm.evaluation_periods)
    queries = {q.id: q for q in alarm.metric_data_queries}
    series: dict[str, list[Window]] = {}
    for query in queries.values():
        if query.metric_stat:
            metric = query.metric_stat.metric
            data = grouped.get(_key(metric.namespace, metric.metric_name, metric.dimensions), [])
            series[query.id] = _periods(data, float(period), count, query.metric_stat.stat, query.metric_stat.unit,
                                        clock, end)
    returned = _returned(alarm)

    def value(query_id: str, index: int, seen: tuple[str, ...] = ()) -> float | None:
        if query_id in series:
            return series[query_id][index].value
        query = queries.get(query_id)
        if query is None or not query.expression or query_id in seen:
            raise UnsupportedExpression(f"no metric or expression with Id {query_id!r}")
        return evaluate(query.expression, lambda other: value(other, index, seen + (query_id,)))

    start = end - period * count
    return [Window(start + index * period, value(returned.id, index),
                   sum(s[index].samples for s in series.values())) for index in range(count)]


def verdict(alarm: Alarm, evaluated: list[Window]) -> Verdict | None:
    """The state the windows give the alarm (None: keep the state), in CloudWatch's words."""
    words, breaches = _COMPARISONS[alarm.comparison_operator]
    threshold = float(alarm.threshold)
    needed = int(alarm.datapoints_to_alarm or alarm.evaluation_periods)
    treat = alarm.treat_missing_data or "missing"
    present = [w for w in evaluated if w.value is not None]
    missing = len(evaluated) - len(present)
    if not present and treat in ("missing", "ignore"):
        if treat == "ignore":
            return None
        return Verdict("INSUFFICIENT_DATA", f"Insufficient Data: {_plural(missing, 'datapoint')} "
                                            f"{'was' if missing == 1 else 'were'} unknown.")
    breaching = sum(1 for w in present if breaches(w.value, threshold))
    if treat == "breaching":
        breaching += missing
    shown = ", ".join(f"{w.value} ({_stamp(w.start)})" for w in reversed(present))
    treated = ""
    if missing and treat in ("breaching", "notBreaching"):
        kind = "Breaching" if treat == "breaching" else "NonBreaching"
        treated = f" and {_plural(missing, 'missing datapoint')} {'was' if missing == 1 else 'were'} treated as [{kind}]"
    if not present:
        return Verdict("ALARM" if breaching >= needed else "OK",
                       f"Threshold Crossed: no datapoints were received for {_plural(missing, 'period')}{treated}.")
    if breaching >= needed:
        return Verdict("ALARM", f"Threshold Crossed: {breaching} out of the last {len(evaluated)} datapoints "
                                f"[{shown}] {'was' if breaching == 1 else 'were'} {words} the threshold "
                                f"({threshold}){treated} (minimum {_plural(needed, 'datapoint')} for "
                                f"{alarm.state_value} -> ALARM transition).")
    calm = [w for w in present if not breaches(w.value, threshold)]
    listed = ", ".join(f"{w.value} ({_stamp(w.start)})" for w in reversed(calm)) or shown
    return Verdict("OK", f"Threshold Crossed: {len(calm)} out of the last {len(evaluated)} datapoints [{listed}] "
                         f"{'was' if len(calm) == 1 else 'were'} not {words} the threshold ({threshold}){treated} "
                         f"(minimum 1 datapoint for {alarm.state_value} -> OK transition).")


def _reason_data(alarm: Alarm, evaluated: list[Window], now: float, period: int) -> str:
    statistic = alarm.extended_statistic or alarm.statistic
    if alarm.metric_data_queries:  # CloudWatch names no statistic for metric math
        named = {}
    elif alarm.extended_statistic:
        named = {"extendedStatistic": statistic}
    else:
        named = {"statistic": statistic}
    return json.dumps({
        "version": "1.0", "queryDate": _iso(now), "startDate": _iso(evaluated[0].start) if evaluated else _iso(now),
        **named, "period": period, "threshold": float(alarm.threshold),
        "recentDatapoints": [w.value for w in evaluated if w.value is not None],
        "evaluatedDatapoints": [{"timestamp": _iso(w.start), "sampleCount": float(w.samples), "value": w.value}
                                for w in reversed(evaluated) if w.value is not None],
    })


def _math_trigger(alarm: Alarm) -> dict[str, Any]:
    """The notification's Trigger of a metric-math alarm: its queries instead of one metric."""
    metrics = []
    for query in alarm.metric_data_queries:
        entry: dict[str, Any] = {"id": query.id, "label": query.label,
                                 "returnData": query.return_data is None or str(query.return_data).lower() == "true"}
        if query.expression:
            entry["expression"] = query.expression
        if query.metric_stat:
            metric = query.metric_stat.metric
            entry["metricStat"] = {
                "metric": {"namespace": metric.namespace, "name": metric.metric_name,
                           "dimensions": {d.name: d.value for d in metric.dimensions}},
                "period": int(query.metric_stat.period), "stat": query.metric_stat.stat,
            }
        metrics.append(entry)
    return {
        "Metrics": metrics, "Period": math_period(alarm), "EvaluationPeriods": int(alarm.evaluation_periods),
        "DatapointsToAlarm": alarm.datapoints_to_alarm, "ComparisonOperator": alarm.comparison_operator,
        "Threshold": float(alarm.threshold), "TreatMissingData": alarm.treat_missing_data or "missing",
        "EvaluateLowSampleCountPercentile": "",
    }


def _notify(account_id: str, region_name: str, alarm: Alarm, old_state: str, now: float) -> None:
    actions = {"ALARM": alarm.alarm_actions, "OK": alarm.ok_actions,
               "INSUFFICIENT_DATA": alarm.insufficient_data_actions}[alarm.state_value]
    if not alarm.actions_enabled:
        return
    region = _REGION_NAMES.get(region_name, region_name)
    message = json.dumps({
        "AlarmName": alarm.name, "AlarmDescription": alarm.description, "AWSAccountId": account_id,
        "AlarmConfigurationUpdatedTimestamp": _iso(_epoch(alarm.configuration_updated_timestamp)),
        "NewStateValue": alarm.state_value, "NewStateReason": alarm.state_reason, "StateChangeTime": _iso(now),
        "Region": region, "AlarmArn": alarm.alarm_arn, "OldStateValue": old_state,
        "OKActions": alarm.ok_actions, "AlarmActions": alarm.alarm_actions,
        "InsufficientDataActions": alarm.insufficient_data_actions,
        "Trigger": _math_trigger(alarm) if alarm.metric_data_queries else {
            "MetricName": alarm.metric_name, "Namespace": alarm.namespace,
            "StatisticType": "ExtendedStatistic" if alarm.extended_statistic else "Statistic",
            "Statistic": (alarm.statistic or "").upper(), "ExtendedStatistic": alarm.extended_statistic,
            "Unit": alarm.unit, "Dimensions": [{"value": d.value, "name": d.name} for d in alarm.dimensions],
            "Period": int(alarm.period), "EvaluationPeriods": int(alarm.evaluation_periods),
            "DatapointsToAlarm": alarm.datapoints_to_alarm, "ComparisonOperator": alarm.comparison_operator,
            "Threshold": float(alarm.threshold), "TreatMissingData": alarm.treat_missing_data or "missing",
            "EvaluateLowSampleCountPercentile": alarm.evaluate_low_sample_count_percentile or "",
        },
    })
    subject = f'{alarm.state_value}: "{alarm.name}" in {region}'[:100]
    for arn in actions:
        parts = arn.split(":")
        if len(parts) >= 6 and parts[2] == "sns":
            try:
                sns_backends[parts[4]][parts[3]].publish(message, arn=arn, subject=subject)
            except Exception:  # a deleted topic: CloudWatch records the failed action and goes on
                continue


def _evaluable(alarm: Alarm) -> bool:
    """Whether the emulator evaluates the alarm: on one metric with a statistic, or on metric
    math (composite alarms and anomaly-detection thresholds are not evaluated)."""
    if alarm.comparison_operator not in _COMPARISONS or alarm.threshold is None:
        return False
    if alarm.metric_data_queries:
        return True
    return bool(alarm.metric_name and alarm.period and (alarm.statistic or alarm.extended_statistic))


def evaluate_backend(account_id: str, region_name: str, backend: CloudWatchBackend, clock: EmulatorClock) -> None:
    """Evaluates each alarm of the backend whose period has ended since its last evaluation."""
    now = clock.now()
    grouped: dict[MetricKey, list[Any]] | None = None
    for alarm in list(backend.alarms.values()):
        if not _evaluable(alarm):
            continue
        try:
            period = math_period(alarm) if alarm.metric_data_queries else int(alarm.period)
        except UnsupportedExpression:
            continue
        end = math.floor(now / period) * period
        if getattr(alarm, "_ballast_evaluated_until", None) == end:
            continue
        alarm._ballast_evaluated_until = end
        grouped = metrics_by_key(backend) if grouped is None else grouped
        if alarm.metric_data_queries:
            try:
                evaluated = math_windows(grouped, alarm, clock, end)
            except UnsupportedExpression:  # not evaluated, as before: its state stays
                continue
        else:
            data = grouped.get(_key(alarm.namespace, alarm.metric_name, alarm.dimensions), [])
            evaluated = windows(data, alarm, clock, end)
        found = verdict(alarm, evaluated)
        if found is None or found.state == alarm.state_value:
            continue
        old_state = alarm.state_value
        alarm.update_state(found.reason, _reason_data(alarm, evaluated, now, period), found.state)
        _notify(account_id, region_name, alarm, old_state, now)


class AlarmEvaluator:
    """The thread that evaluates every region's alarms, holding the emulator's request lock
    (moto's backends are not thread-safe) while it does."""

    def __init__(self, lock: Any, clock: EmulatorClock, tick_seconds: float = 0.1):
        self.lock = lock
        self.clock = clock
        self.tick_seconds = tick_seconds
        self.stopped = threading.Event()

    def evaluate_all(self) -> None:
        with self.lock:
            for account_id, regions in list(cloudwatch_backends.items()):
                for region_name, backend in list(dict.items(regions)):
                    evaluate_backend(account_id, region_name, backend, self.clock)

    def start(self) -> None:
        threading.Thread(target=self._run, name="alarm-evaluation", daemon=True).start()

    def _run(self) -> None:
        while not self.stopped.wait(self.tick_seconds):
            self.evaluate_all()

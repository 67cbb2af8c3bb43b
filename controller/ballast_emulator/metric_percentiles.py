"""Percentile statistics (p99, p95.5, …) in CloudWatch GetMetricData.

moto 5.2.1 computes only Sum, Average, Minimum, Maximum and SampleCount; for a
percentile it returns no value (None), which it then serialises as a value
that is not a number. Ballast reads a new version's p99 Duration. Here pNN is
the nearest-rank percentile of the data points' single values (PutMetricData
with Value; StatisticValues carry no values to rank and are left out), close
to what CloudWatch reports for few samples; with no values it is absent, as in
AWS.
"""
import math
import re
from typing import Any

from moto.cloudwatch.models import Statistics

_PERCENTILE = re.compile(r"^p(\d{1,2}(\.\d+)?)$")
_statistic = Statistics.get_statistics_for_type


def _statistic_with_percentiles(self: Statistics, stat: str) -> Any:
    match = _PERCENTILE.match(stat)
    if not match:
        return _statistic(self, stat)
    values = sorted(float(v) for v in self.metric_single_values_list)
    if not values:
        return None
    rank = max(1, math.ceil(float(match.group(1)) / 100 * len(values)))
    return values[rank - 1]


Statistics.get_statistics_for_type = _statistic_with_percentiles  # type: ignore[method-assign]

"""The metrics AWS publishes for Lambda invocations and API Gateway requests.

moto 5.2.1 publishes no metric for anything it serves. Here every invocation the emulator
runs (handlers.py) and every request to a REST API's execute-api path (execute_api.py) puts
its data points into moto's CloudWatch backend, stamped with the wall-clock time of the
request, on the dimension sets AWS uses:

- `AWS/Lambda` `Invocations` (Count, 1), `Errors` (Count, 1 when the function failed, else
  0) and `Duration` (Milliseconds) on `FunctionName`; with a qualifier also on
  `FunctionName`+`Resource` (`name:alias` or `name:version`); for an alias also on
  `FunctionName`+`Resource`+`ExecutedVersion` (the version the alias routed to).
- `AWS/ApiGateway` `Count` (1), `4XXError`, `5XXError` (0 or 1) and `Latency`
  (Milliseconds) on `ApiName`, `ApiName`+`Stage` and, as with detailed metrics enabled,
  `ApiName`+`Stage`+`Resource`+`Method`.
"""
from typing import Any

from moto.cloudwatch.models import MetricDatum, cloudwatch_backends
from moto.core.utils import utcnow


def _put(account_id: str, region_name: str, namespace: str,
         values: list[tuple[str, float, str]], dimension_sets: list[list[tuple[str, str]]]) -> None:
    backend = cloudwatch_backends[account_id][region_name]
    now = utcnow()
    for dimensions in dimension_sets:
        listed = [{"Name": n, "Value": v} for n, v in dimensions]
        for name, value, unit in values:
            backend.metric_data.append(MetricDatum(namespace, name, float(value), listed, now, unit))


def put_lambda_invocation(account_id: str, region_name: str, function_name: str, qualifier: str | None,
                          executed_version: str, alias: bool, errored: bool, duration_ms: float) -> None:
    """One invocation of `function_name` (with the qualifier it was invoked with)."""
    dimension_sets: list[list[tuple[str, str]]] = [[("FunctionName", function_name)]]
    if qualifier and qualifier != "$LATEST":
        resource = [("FunctionName", function_name), ("Resource", f"{function_name}:{qualifier}")]
        dimension_sets.append(resource)
        if alias:
            dimension_sets.append([*resource, ("ExecutedVersion", executed_version)])
    values = [("Invocations", 1, "Count"), ("Errors", 1 if errored else 0, "Count"),
              ("Duration", duration_ms, "Milliseconds")]
    _put(account_id, region_name, "AWS/Lambda", values, dimension_sets)


def put_api_request(account_id: str, region_name: str, api_name: str, stage: str, resource: str | None,
                    method: str, status: int, latency_ms: float) -> None:
    """One request to a stage of the REST API `api_name` (resource None: no route matched)."""
    dimension_sets: list[list[tuple[str, str]]] = [[("ApiName", api_name)], [("ApiName", api_name), ("Stage", stage)]]
    if resource is not None:
        dimension_sets.append([("ApiName", api_name), ("Stage", stage), ("Resource", resource), ("Method", method)])
    values: list[tuple[str, Any, str]] = [
        ("Count", 1, "Count"),
        ("4XXError", 1 if 400 <= status < 500 else 0, "Count"),
        ("5XXError", 1 if status >= 500 else 0, "Count"),
        ("Latency", latency_ms, "Milliseconds"),
    ]
    _put(account_id, region_name, "AWS/ApiGateway", values, dimension_sets)

"""Invoke runs the image's handler, routes an alias by its weights, and publishes metrics.

moto 5.2.1 cannot run a function packaged as an image, answers an alias's invocations from
the alias's main version whatever its RoutingConfig, never sets `X-Amz-Executed-Version`,
and publishes no metric. Here, for a function whose image names a handler (handlers.py):

- Invoke of the function (`$LATEST`), a version or an alias runs that version's handler
  with the event and answers its result; a handler that raises answers Lambda's error
  payload with `X-Amz-Function-Error: Unhandled` (HTTP 200, as Lambda);
  `X-Amz-Executed-Version` names the version that ran. `InvocationType: Event` runs it too
  and answers 202; `DryRun` runs nothing and answers 204. With `LogType: Tail` the answer
  carries the last 4 KB of the invocation's log (START, what the handler printed, END,
  REPORT) in `X-Amz-Log-Result`; the log also goes to the emulator's stderr.
- An alias with `RoutingConfig.AdditionalVersionWeights` routes each invocation
  deterministically in proportion to the weights: of the first n invocations since the
  weights last changed, floor(n * w) went to the additional version of weight w, the rest
  to the alias's version (10% routes the 10th, 20th, ... invocation).
- Each invocation puts AWS/Lambda Invocations, Errors and Duration (invocation_metrics.py).

Functions whose image names no handler are invoked as moto does.
"""
import json
import math
from typing import Any

from urllib.parse import unquote

from moto.awslambda.exceptions import LambdaClientError
from moto.awslambda.models import LambdaAlias, LambdaBackend
from moto.awslambda.responses import LambdaResponse

from . import handlers, invocation_metrics

_invoke_response = LambdaResponse.invoke


class InvalidRequestContentException(LambdaClientError):
    def __init__(self, message: str):
        super().__init__("InvalidRequestContentException", message)


def _split(name_or_arn: str, qualifier: str | None) -> tuple[str, str | None]:
    """(function name, qualifier) of a name, `name:qualifier` or function ARN."""
    name = name_or_arn.split(":function:", 1)[1] if ":function:" in name_or_arn else name_or_arn
    if ":" in name:
        name, qualifier = name.split(":", 1)
    return name, qualifier


def _routed_version(alias: LambdaAlias) -> str:
    """The version this invocation of the alias runs, by its weights (deterministic)."""
    weights = ((alias.routing_config or {}).get("AdditionalVersionWeights") or {})
    key = tuple(sorted((str(v), float(w)) for v, w in weights.items()))
    count_key, n = getattr(alias, "_ballast_routing", (key, 0))
    if count_key != key:
        n = 0
    alias._ballast_routing = (key, n + 1)
    for version, weight in key:
        if math.floor((n + 1) * weight) > math.floor(n * weight):
            return version
    return str(alias.function_version)


def resolve(backend: LambdaBackend, name_or_arn: str, qualifier: str | None,
            route: bool = True) -> tuple[Any, str, str | None, bool]:
    """(version object to run, function name, qualifier invoked, whether it is an alias); an
    alias routes this invocation by its weights, or (route False) gives its main version."""
    name, qualifier = _split(name_or_arn, qualifier)
    if qualifier is None or qualifier == "$LATEST":
        return backend.get_function(name, qualifier), name, qualifier, False
    if qualifier.isdigit():
        return backend.get_function(name, qualifier), name, qualifier, False
    alias = backend.get_alias(qualifier, name)
    version = _routed_version(alias) if route else str(alias.function_version)
    return backend.get_function(name, version), name, qualifier, True


def run(backend: LambdaBackend, name_or_arn: str, qualifier: str | None,
        event: Any) -> tuple[handlers.HandlerResult, str] | None:
    """Runs the handler of what `name_or_arn`/`qualifier` names, with metrics; None when its
    image names no handler. Gives the result and the executed version."""
    fn, name, qualifier, alias = resolve(backend, name_or_arn, qualifier)
    spec = handlers.handler_spec(fn, backend.account_id, backend.region_name)
    if spec is None:
        return None
    executed = str(fn.version)
    invoked_arn = backend.get_function(name, None).function_arn + (f":{qualifier}" if qualifier else "")
    result = handlers.run(fn, spec, event, invoked_arn)
    invocation_metrics.put_lambda_invocation(
        backend.account_id, backend.region_name, name, qualifier, executed, alias,
        result.function_error is not None, result.duration_ms)
    return result, executed


def _invoke_running_handler(self: LambdaResponse) -> tuple[int, dict[str, str], bytes]:
    name_or_arn = unquote(self.path.rsplit("/", 2)[-2])
    qualifier = self.querystring.get("Qualifier", [None])[0]  # moto read a lowercase "qualifier"
    invocation_type = self.headers.get("X-Amz-Invocation-Type", "RequestResponse")
    try:
        event = json.loads(self.body) if self.body else {}
    except ValueError:
        raise InvalidRequestContentException("Could not parse request body into json") from None
    fn, _, _, _ = resolve(self.backend, name_or_arn, qualifier, route=False)
    if invocation_type == "DryRun" or handlers.handler_spec(fn, self.current_account, self.region) is None:
        return _invoke_response(self)
    outcome = run(self.backend, name_or_arn, qualifier, event)
    assert outcome is not None
    result, executed = outcome
    headers = {"content-type": "application/json", "x-amz-executed-version": executed}
    if result.function_error:
        headers["x-amz-function-error"] = result.function_error
    if self.headers.get("X-Amz-Log-Type") == "Tail" and invocation_type == "RequestResponse":
        headers["x-amz-log-result"] = result.log_tail()
    if invocation_type == "Event":
        return 202, headers, b""
    return 200, headers, result.payload


LambdaResponse.invoke = _invoke_running_handler  # type: ignore[method-assign]

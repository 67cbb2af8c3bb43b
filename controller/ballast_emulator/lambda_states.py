"""Lambda function states as in AWS: Pending after a create, InProgress after an update.

moto 5.2.1 makes a function Active the moment it is created and reports every update
Successful at once, so a caller that publishes or changes a function too early is never
refused. AWS takes a while (for an image function, seconds) in which
GetFunctionConfiguration says `State: Pending` (after CreateFunction, by the API or a
stack) or `LastUpdateStatus: InProgress` (after an update of its code or configuration),
and PublishVersion, UpdateFunctionCode and UpdateFunctionConfiguration are refused with
ResourceConflictException (HTTP 409). Here that window lasts the latency profile's
`lambda_settle_seconds` (see `latency.py`; `instant` makes it 0, moto's behaviour). A
published version is a snapshot of a settled `$LATEST`: it is Active at once.
"""
import time
from typing import Any
from urllib.parse import unquote

from moto.awslambda.exceptions import LambdaClientError
from moto.awslambda.models import LambdaBackend, LambdaFunction
from moto.awslambda.responses import LambdaResponse

from . import latency

_PENDING_UNTIL = "_ballast_pending_until"
_UPDATING_UNTIL = "_ballast_updating_until"


class ResourceConflictException(LambdaClientError):
    """Lambda's 409 for an operation on a function that is not ready for it."""

    code = 409

    def __init__(self, message: str):
        super().__init__("ResourceConflictException", message)


def _settle_after(function: LambdaFunction, attribute: str) -> None:
    setattr(function, attribute, time.monotonic() + latency.current().lambda_settle_seconds)


def pending(function: LambdaFunction) -> bool:
    return time.monotonic() < getattr(function, _PENDING_UNTIL, 0.0)


def updating(function: LambdaFunction) -> bool:
    return time.monotonic() < getattr(function, _UPDATING_UNTIL, 0.0)


_init = LambdaFunction.__init__


def _init_pending(self: LambdaFunction, *args: Any, **kwargs: Any) -> None:
    _init(self, *args, **kwargs)
    _settle_after(self, _PENDING_UNTIL)


_get_configuration = LambdaFunction.get_configuration


def _configuration_with_state(self: LambdaFunction, on_create: bool = False) -> dict[str, Any]:
    configuration = _get_configuration(self, on_create)
    if pending(self):
        configuration.update(State="Pending", StateReason="The function is being created.", StateReasonCode="Creating")
        configuration.pop("LastUpdateStatus", None)
    elif updating(self):
        configuration.update(LastUpdateStatus="InProgress", LastUpdateStatusReason="The function is being updated.",
                             LastUpdateStatusReasonCode="Updating")
    return configuration


def _updating_after(change: Any) -> Any:
    def changed(self: LambdaFunction, *args: Any, **kwargs: Any) -> Any:
        result = change(self, *args, **kwargs)
        _settle_after(self, _UPDATING_UNTIL)
        if isinstance(result, dict) and latency.current().lambda_settle_seconds > 0:
            result["LastUpdateStatus"] = "InProgress"
        return result

    return changed


_set_version = LambdaFunction.set_version


def _set_version_settled(self: LambdaFunction, version: int) -> None:
    _set_version(self, version)
    setattr(self, _PENDING_UNTIL, 0.0)
    setattr(self, _UPDATING_UNTIL, 0.0)


def refuse_unless_ready(function: LambdaFunction) -> None:
    """ResourceConflictException, in AWS's words, while the function is Pending or updating."""
    if pending(function):
        raise ResourceConflictException(
            "The operation cannot be performed at this time. The function is currently in the following state: Pending")
    if updating(function):
        raise ResourceConflictException(
            f"The operation cannot be performed at this time. An update is in progress for resource: "
            f"{function.function_arn}")


def _refusing_while_busy(update: Any) -> Any:
    def checked(self: LambdaBackend, function_name: str, qualifier: str, body: dict[str, Any]) -> Any:
        refuse_unless_ready(self.get_function(function_name, qualifier))
        return update(self, function_name, qualifier, body)

    return checked


_publish_version_response = LambdaResponse.publish_version


def _publish_version_when_ready(self: LambdaResponse) -> Any:
    refuse_unless_ready(self.backend.get_function(unquote(self.path.split("/")[-2])))
    return _publish_version_response(self)


LambdaFunction.__init__ = _init_pending  # type: ignore[method-assign]
LambdaFunction.get_configuration = _configuration_with_state  # type: ignore[method-assign]
LambdaFunction.update_configuration = _updating_after(LambdaFunction.update_configuration)  # type: ignore[method-assign]
LambdaFunction.update_function_code = _updating_after(LambdaFunction.update_function_code)  # type: ignore[method-assign]
LambdaFunction.set_version = _set_version_settled  # type: ignore[method-assign]
LambdaBackend.update_function_code = _refusing_while_busy(LambdaBackend.update_function_code)  # type: ignore[method-assign]
LambdaBackend.update_function_configuration = _refusing_while_busy(  # type: ignore[method-assign]
    LambdaBackend.update_function_configuration)
LambdaResponse.publish_version = _publish_version_when_ready  # type: ignore[method-assign]

"""A Lambda function's RevisionId and LastModified as in AWS.

moto 5.2.1 gives a function no RevisionId at all (GetFunctionConfiguration,
CreateFunction, UpdateFunction* and PublishVersion answer without one), keeps
LastModified at the creation time through every update, and ignores the RevisionId
that UpdateFunctionConfiguration, UpdateFunctionCode and PublishVersion send, and the
CodeSha256 PublishVersion sends. Here:

- a function gets a RevisionId when it is made, a new one (and a new LastModified) on
  every change of its code or configuration, by the API or by a stack; a published
  version has its own;
- UpdateFunctionConfiguration, UpdateFunctionCode and PublishVersion with a RevisionId
  that is not `$LATEST`'s current one fail with PreconditionFailedException (HTTP 412);
- PublishVersion with a CodeSha256 that is not `$LATEST`'s fails with
  InvalidParameterValueException (the message is ours: AWS's exact text is not known here).

Requests reach moto one at a time (see aws-emulator), so check and change need no lock.
"""
import json
from typing import Any
from urllib.parse import unquote

from moto.awslambda.exceptions import InvalidParameterValueException, PreconditionFailedException
from moto.awslambda.models import LambdaBackend, LambdaFunction
from moto.awslambda.responses import LambdaResponse
from moto.core.utils import iso_8601_datetime_with_nanoseconds
from moto.moto_api._internal import mock_random as random

_REVISION = "_ballast_revision_id"


def _new_revision(function: LambdaFunction) -> None:
    setattr(function, _REVISION, str(random.uuid4()))


def revision_id(function: LambdaFunction) -> str:
    """The function's (or version's) current RevisionId, made on first sight."""
    if not getattr(function, _REVISION, None):
        _new_revision(function)
    return getattr(function, _REVISION)


_get_configuration = LambdaFunction.get_configuration


def _configuration_with_revision(self: LambdaFunction, on_create: bool = False) -> dict[str, Any]:
    configuration = _get_configuration(self, on_create)
    configuration["RevisionId"] = revision_id(self)
    return configuration


def _changing_revision(change: Any) -> Any:
    """Wraps a model method that changes the function: new RevisionId and LastModified after it."""

    def changed(self: LambdaFunction, *args: Any, **kwargs: Any) -> Any:
        result = change(self, *args, **kwargs)
        _new_revision(self)
        self.last_modified = iso_8601_datetime_with_nanoseconds()
        # The answer moto built describes the function before the new revision.
        if isinstance(result, dict) and "RevisionId" in result:
            result["RevisionId"] = revision_id(self)
            result["LastModified"] = self.last_modified
        return result

    return changed


_set_version = LambdaFunction.set_version


def _set_version_with_own_revision(self: LambdaFunction, version: int) -> None:
    _set_version(self, version)
    _new_revision(self)  # a published version is a copy of $LATEST with a revision of its own


LambdaFunction.get_configuration = _configuration_with_revision  # type: ignore[method-assign]
LambdaFunction.update_configuration = _changing_revision(LambdaFunction.update_configuration)  # type: ignore[method-assign]
LambdaFunction.update_function_code = _changing_revision(LambdaFunction.update_function_code)  # type: ignore[method-assign]
LambdaFunction.set_version = _set_version_with_own_revision  # type: ignore[method-assign]


def _check_revision(function: LambdaFunction, expected: str | None) -> None:
    if expected and expected != revision_id(function):
        # The exception's description in the Lambda API reference.
        raise PreconditionFailedException(
            "The Revision Id provided does not match the latest Revision Id. "
            "Call the GetFunction/GetAlias API to retrieve the latest Revision Id"
        )


def _checking_revision(update: Any) -> Any:
    """Wraps LambdaBackend.update_function_code/_configuration: a stale RevisionId is refused."""

    def checked(self: LambdaBackend, function_name: str, qualifier: str, body: dict[str, Any]) -> Any:
        _check_revision(self.get_function(function_name, qualifier), body.get("RevisionId"))
        return update(self, function_name, qualifier, body)

    return checked


LambdaBackend.update_function_code = _checking_revision(LambdaBackend.update_function_code)  # type: ignore[method-assign]
LambdaBackend.update_function_configuration = _checking_revision(  # type: ignore[method-assign]
    LambdaBackend.update_function_configuration)

_publish_version_response = LambdaResponse.publish_version


def _publish_version_checking_preconditions(self: LambdaResponse) -> Any:
    function_name = unquote(self.path.split("/")[-2])
    body = json.loads(self.body or "{}")
    latest = self.backend.get_function(function_name)
    _check_revision(latest, body.get("RevisionId"))
    expected_sha = body.get("CodeSha256")
    if expected_sha and expected_sha != latest.code_sha_256:
        raise InvalidParameterValueException(
            f"CodeSha256 ({expected_sha}) is different from current CodeSha256 in $LATEST ({latest.code_sha_256}). "
            "Please try again with the CodeSha256 in $LATEST.")
    return _publish_version_response(self)


LambdaResponse.publish_version = _publish_version_checking_preconditions  # type: ignore[method-assign]

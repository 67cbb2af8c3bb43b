"""Pages as AWS gives them, for the lists Ballast reads page by page.

moto 5.2.1 answers ListVersionsByFunction, ListAliases, DescribeAlarms and ECR's
DescribeImages with every item at once and no token, whatever MaxItems / MaxRecords /
maxResults say, so a caller's paging (and its guard against a token that repeats) never
runs. Here each gives at most the requested number, or AWS's default page size (Lambda:
50, CloudWatch DescribeAlarms: 50, ECR DescribeImages: 100), with an opaque token for the
next page; a token that is not one of ours is refused with the service's error.
"""
import base64
import json
from typing import Any

from moto.awslambda.exceptions import InvalidParameterValueException
from moto.awslambda.responses import LambdaResponse
from moto.cloudwatch.responses import CloudWatchResponse
from moto.core.exceptions import ServiceException
from moto.core.responses import ActionResult
from moto.ecr.exceptions import InvalidParameterException as ECRInvalidParameterException
from moto.ecr.responses import ECRResponse

_PREFIX = "ballast-page:"


class InvalidNextToken(ServiceException):
    """CloudWatch's error for a NextToken it did not give."""

    code = "InvalidNextToken"


class BadToken(Exception):
    """A page token the emulator did not hand out."""


def encode_token(offset: int) -> str:
    return base64.urlsafe_b64encode(f"{_PREFIX}{offset}".encode()).decode()


def decode_token(token: str | None) -> int:
    """The offset a token stands for; 0 for none."""
    if not token:
        return 0
    try:
        text = base64.urlsafe_b64decode(token.encode()).decode()
    except (ValueError, UnicodeDecodeError) as error:
        raise BadToken(token) from error
    if not text.startswith(_PREFIX) or not text[len(_PREFIX):].isdigit():
        raise BadToken(token)
    return int(text[len(_PREFIX):])


def page(items: list[Any], token: str | None, limit: int) -> tuple[list[Any], str | None]:
    """The items of the page `token` starts, at most `limit`, and the next page's token (None at the end)."""
    start = decode_token(token)
    end = start + limit
    return items[start:end], (encode_token(end) if end < len(items) else None)


def _lambda_page(self: LambdaResponse, answer: Any, key: str) -> Any:
    status, headers, body = answer if isinstance(answer, tuple) else (200, {}, answer)
    result = json.loads(body)
    marker = self.querystring.get("Marker", [None])[0]
    limit = int(self.querystring.get("MaxItems", ["50"])[0])
    try:
        result[key], next_marker = page(result[key], marker, limit)
    except BadToken:
        raise InvalidParameterValueException(f"Invalid marker: {marker}") from None
    if next_marker:
        result["NextMarker"] = next_marker
    return status, headers, json.dumps(result)


_list_versions_by_function = LambdaResponse.list_versions_by_function
_list_aliases = LambdaResponse.list_aliases


def _list_versions_by_function_in_pages(self: LambdaResponse) -> Any:
    return _lambda_page(self, _list_versions_by_function(self), "Versions")


def _list_aliases_in_pages(self: LambdaResponse) -> Any:
    return _lambda_page(self, _list_aliases(self), "Aliases")


LambdaResponse.list_versions_by_function = _list_versions_by_function_in_pages  # type: ignore[method-assign]
LambdaResponse.list_aliases = _list_aliases_in_pages  # type: ignore[method-assign]

_describe_alarms = CloudWatchResponse.describe_alarms


def _describe_alarms_in_pages(self: CloudWatchResponse) -> ActionResult:
    result = dict(_describe_alarms(self).result)  # type: ignore[call-overload]
    token = self._get_param("NextToken")
    limit = int(self._get_param("MaxRecords") or 50)
    # One sequence of metric alarms, then composite ones, as one list is paged.
    alarms = [("MetricAlarms", a) for a in result["MetricAlarms"]] + [
        ("CompositeAlarms", a) for a in result["CompositeAlarms"]]
    try:
        selected, next_token = page(alarms, token, limit)
    except BadToken:
        raise InvalidNextToken("The service cannot process the NextToken given.") from None
    result["MetricAlarms"] = [a for kind, a in selected if kind == "MetricAlarms"]
    result["CompositeAlarms"] = [a for kind, a in selected if kind == "CompositeAlarms"]
    if next_token:
        result["NextToken"] = next_token
    return ActionResult(result)


CloudWatchResponse.describe_alarms = _describe_alarms_in_pages  # type: ignore[method-assign]

_describe_images = ECRResponse.describe_images


def _describe_images_in_pages(self: ECRResponse) -> ActionResult:
    result = dict(_describe_images(self).result)  # type: ignore[call-overload]
    token = self._get_param("nextToken")
    limit = int(self._get_param("maxResults") or 100)
    try:
        result["imageDetails"], next_token = page(result["imageDetails"], token, limit)
    except BadToken:
        raise ECRInvalidParameterException("Invalid parameter at 'nextToken' failed to satisfy constraint: "
                                           "'Invalid NextToken'") from None
    if next_token:
        result["nextToken"] = next_token
    return ActionResult(result)


ECRResponse.describe_images = _describe_images_in_pages  # type: ignore[method-assign]

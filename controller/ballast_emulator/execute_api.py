"""A REST API's stages, callable over plain HTTP on the emulator's own port.

moto 5.2.1 answers `https://{api}.execute-api.{region}.amazonaws.com/{stage}/...` only
inside its in-process mock (through `responses`), never in server mode, and only for AWS and
HTTP integrations. Here a WSGI middleware in front of moto (controller/aws-emulator) serves

    http://127.0.0.1:PORT/restapis/{restApiId}/{stage}/_user_request_/{path}

as API Gateway serves the stage: the path is matched against the API's resources
(`{param}` matches one segment, `{param+}` the rest), then the method (or `ANY`); an
`AWS_PROXY` integration invokes its function (`…/functions/{arn}/invocations`, an alias
such as `function:live` routed by its weights, lambda_invoke.py) with API Gateway's proxy
event (format 1.0) and answers the handler's `statusCode`, `headers`, `multiValueHeaders`
and `body` (`isBase64Encoded` decoded). As API Gateway: no matching route is 403
`{"message":"Missing Authentication Token"}`, an unknown stage 403 `Forbidden`, a function
that fails or answers something other than a proxy response 502
`{"message": "Internal server error"}`. Every request puts AWS/ApiGateway metrics
(invocation_metrics.py). Requests are unsigned, as a browser's are.

Still different from AWS: the stage serves the API's current resources, not the snapshot of
its deployment; authorizers, API keys, request validation, the Lambda permission and other
integration types are not applied.
"""
import base64
import http
import json
import re
import time
import uuid
from typing import Any, Callable, Iterable
from urllib.parse import parse_qs, unquote

from moto.apigateway.models import RestAPI, apigateway_backends
from moto.awslambda.models import lambda_backends

from . import invocation_metrics, lambda_invoke

PATH = re.compile(r"^/restapis/(?P<api>[^/]+)/(?P<stage>[^/]+)/_user_request_(?P<path>/.*)?$")
_FUNCTION_IN_URI = re.compile(r"/functions/(?P<arn>arn:[^/]+)/invocations$")

Answer = tuple[int, dict[str, str], dict[str, list[str]], bytes]


def _find_api(api_id: str) -> RestAPI | None:
    for regions in list(apigateway_backends.values()):
        for backend in list(dict.values(regions)):
            if api_id in backend.apis:
                return backend.apis[api_id]
    return None


def _template(path: str) -> re.Pattern[str]:
    """A resource path (`/catalog/{id}`, `/{proxy+}`) as a regex capturing its parameters."""
    parts = []
    for segment in path.strip("/").split("/") if path != "/" else []:
        if match := re.fullmatch(r"\{(\w+)\+\}", segment):
            parts.append(f"(?P<{match.group(1)}>.+)")
        elif match := re.fullmatch(r"\{(\w+)\}", segment):
            parts.append(f"(?P<{match.group(1)}>[^/]+)")
        else:
            parts.append(re.escape(segment))
    return re.compile("^/" + "/".join(parts) + "$")


def _route(api: RestAPI, path: str, method: str) -> tuple[Any, Any, dict[str, str]] | None:
    """(resource, method, path parameters) of the most specific resource serving the request."""
    candidates = []
    for resource in api.resources.values():
        template = resource.get_path()
        if match := _template(template).match(path):
            candidates.append((template.count("{"), "+}" in template, resource, match.groupdict()))
    for _, _, resource, parameters in sorted(candidates, key=lambda c: (c[1], c[0])):
        found = resource.resource_methods.get(method) or resource.resource_methods.get("ANY")
        if found is not None:
            return resource, found, parameters
    return None


def _event(environ: dict[str, Any], api: RestAPI, stage: Any, resource: Any, parameters: dict[str, str],
           path: str, body: bytes) -> dict[str, Any]:
    """API Gateway's Lambda proxy event, format 1.0."""
    headers: dict[str, str] = {}
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            headers["-".join(word.capitalize() for word in key[5:].split("_"))] = value
    if environ.get("CONTENT_TYPE"):
        headers["Content-Type"] = environ["CONTENT_TYPE"]
    query = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
    text: str | None
    try:
        text, encoded = (body.decode("utf-8"), False) if body else (None, False)
    except UnicodeDecodeError:
        text, encoded = base64.b64encode(body).decode("ascii"), True
    method = environ["REQUEST_METHOD"]
    return {
        "resource": resource.get_path(),
        "path": path,
        "httpMethod": method,
        "headers": headers or None,
        "multiValueHeaders": {k: [v] for k, v in headers.items()} or None,
        "queryStringParameters": {k: v[-1] for k, v in query.items()} or None,
        "multiValueQueryStringParameters": query or None,
        "pathParameters": parameters or None,
        "stageVariables": stage.variables or None,
        "requestContext": {
            "resourceId": resource.id, "resourcePath": resource.get_path(), "httpMethod": method,
            "path": f"/{stage.name}{path}", "stage": stage.name, "requestId": str(uuid.uuid4()),
            "accountId": api.account_id, "apiId": api.id, "protocol": environ.get("SERVER_PROTOCOL", "HTTP/1.1"),
            "requestTimeEpoch": int(time.time() * 1000),
            "identity": {"sourceIp": environ.get("REMOTE_ADDR", "127.0.0.1"),
                         "userAgent": environ.get("HTTP_USER_AGENT")},
        },
        "body": text,
        "isBase64Encoded": encoded,
    }


def _message(status: int, message: str) -> Answer:
    return status, {"Content-Type": "application/json", "x-amzn-ErrorType": "ForbiddenException"
                    if status == 403 else "InternalServerErrorException"}, {}, json.dumps({"message": message}).encode()


def _proxy_answer(payload: bytes) -> Answer | None:
    """The handler's proxy response, or None when it is not one."""
    try:
        answer = json.loads(payload)
    except ValueError:
        return None
    if not isinstance(answer, dict) or not isinstance(answer.get("statusCode", 200), int):
        return None
    body = answer.get("body") or ""
    if not isinstance(body, str):
        return None
    data = base64.b64decode(body) if answer.get("isBase64Encoded") else body.encode("utf-8")
    headers = {str(k): str(v) for k, v in (answer.get("headers") or {}).items()}
    multi = {str(k): [str(v) for v in vs] for k, vs in (answer.get("multiValueHeaders") or {}).items()}
    return int(answer.get("statusCode", 200)), headers, multi, data


def _serve(api: RestAPI, stage_name: str, path: str, environ: dict[str, Any], body: bytes) -> tuple[Answer, Any]:
    """The answer and the resource that served it (None: no route)."""
    stage = api.stages.get(stage_name)
    if stage is None:
        return _message(403, "Forbidden"), None
    route = _route(api, path, environ["REQUEST_METHOD"])
    if route is None:
        return _message(403, "Missing Authentication Token"), None
    resource, method, parameters = route
    integration = method.method_integration
    match = _FUNCTION_IN_URI.search(getattr(integration, "uri", "") or "")
    if integration is None or integration.integration_type != "AWS_PROXY" or match is None:
        return _message(500, "Internal server error"), resource
    arn = match.group("arn")
    region = arn.split(":")[3]
    event = _event(environ, api, stage, resource, parameters, path, body)
    try:
        outcome = lambda_invoke.run(lambda_backends[api.account_id][region], arn, None, event)
    except Exception:  # an unknown function or alias: API Gateway's integration failure
        outcome = None
    if outcome is None or outcome[0].function_error:
        return _message(502, "Internal server error"), resource
    answer = _proxy_answer(outcome[0].payload)
    return (answer or _message(502, "Internal server error")), resource


def _reason(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return "Status"


class ExecuteApi:
    """WSGI middleware: serves the execute-api paths, hands every other request to `app`."""

    def __init__(self, app: Callable[..., Iterable[bytes]]):
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        match = PATH.match(environ.get("PATH_INFO", ""))
        api = _find_api(match.group("api")) if match else None
        if match is None or api is None:
            return self.app(environ, start_response)
        started = time.monotonic()
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        path = unquote(match.group("path") or "/")
        (status, headers, multi, data), resource = _serve(api, match.group("stage"), path, environ, body)
        latency_ms = (time.monotonic() - started) * 1000
        invocation_metrics.put_api_request(
            api.account_id, api.region_name, api.name, match.group("stage"),
            resource.get_path() if resource is not None else None, environ["REQUEST_METHOD"], status, latency_ms)
        overridden = {k.lower() for k in multi} | {"content-length"}
        listed = [(k, v) for k, v in headers.items() if k.lower() not in overridden]
        listed += [(k, v) for k, vs in multi.items() if k.lower() != "content-length" for v in vs]
        listed.append(("x-amzn-RequestId", str(uuid.uuid4())))
        listed.append(("Content-Length", str(len(data))))
        start_response(f"{status} {_reason(status)}", listed)
        return [data]


"""Every request is judged against botocore's service model before moto sees it.

moto accepts what AWS refuses: a stack name that breaks CloudFormation's pattern, an
ECR repository name in capitals, a Lambda memory size of 1 MB, an unknown member, a
wrong `Version` or `X-Amz-Target`, an integer that is not a number — it stores the
value, or fails later with a 500. `Judge` is a WSGI middleware put in front of moto's
app: it finds the service (the SigV4 credential scope) and the operation (`Action`,
`X-Amz-Target`, or method and path against the model's `requestUri`), reads the
request's members off the wire in the protocol the request speaks (query, JSON,
REST-JSON), and checks them against botocore's model of that operation's input:
required members, types, enums, lengths, values, patterns, members the model does
not have, and the protocol's framing (`Version`, target, content type). A request
that breaks a rule gets AWS's answer instead of moto's: HTTP 400, `ValidationError`
(query, XML body) or `ValidationException` (JSON, `x-amzn-ErrorType`), with Coral's
message, "1 validation error detected: Value 'x' at 'stackName' failed to satisfy
constraint: Member must satisfy regular expression pattern: ...".

Every violation is also written, one JSON line each (service, operation, member,
rule, refused), to the file named by `BALLAST_EMULATOR_VIOLATIONS` when it is set, so a
test run can count them across every emulator it started. A rule listed in
`RECORDED_ONLY` is recorded but not refused.

What the judge cannot see (README.md, "Judgement"): S3 and every other REST-XML or
EC2-protocol service, the CBOR protocol, requests without a SigV4 signature, the
contents of streamed or blob payloads, unknown query-string and header members of
REST requests, and every rule that is not in the model (service-side checks such as
"a template must be valid", cross-member constraints, account limits).
"""
from __future__ import annotations

import base64
import binascii
import gzip
import io
import json
import os
import re
import threading
import uuid
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from urllib.parse import parse_qsl, unquote
from xml.sax.saxutils import escape

import botocore.session
from botocore.exceptions import UnknownServiceError

try:  # Java-style patterns (\p{L}, possessive quantifiers) need `regex`; `re` covers most.
    import regex as _regex_module
except ImportError:  # pragma: no cover
    _regex_module = re

# Signing names that are not botocore's service name, and names several services share.
SERVICES_BY_SIGNING_NAME = {
    "monitoring": ("cloudwatch",),
    "apigateway": ("apigateway", "apigatewayv2"),
    "email": ("ses", "sesv2"),
    "states": ("stepfunctions",),
    "execute-api": ("apigatewaymanagementapi",),
    "elasticloadbalancing": ("elbv2", "elb"),
    "es": ("opensearch", "es"),
}
# Protocols whose requests the judge reads; others (rest-xml: S3; ec2; CBOR) pass unjudged.
JUDGED_PROTOCOLS = ("query", "json", "rest-json")
# (service, operation, member, rule) that Ballast is known to break: recorded, not refused.
RECORDED_ONLY: frozenset[tuple[str, str, str, str]] = frozenset()

_SESSION = botocore.session.get_session()
_WRITE_LOCK = threading.Lock()


@dataclass(frozen=True)
class Violation:
    """One broken rule: where (a Coral-style member path) and the message AWS gives."""

    member: str
    rule: str
    message: str
    value: object = None


@dataclass(frozen=True)
class Verdict:
    """What the judge found for one request: the operation and its violations."""

    service: str
    operation: str
    protocol: str
    violations: tuple[Violation, ...]
    # For a request that names no operation of the service: AWS's error code.
    unknown_operation: bool = False


# ---------------------------------------------------------------------------------------------
# Service and operation


def signing_name(environ: dict) -> str | None:
    """The service of the SigV4 credential scope: `.../us-east-1/cloudformation/aws4_request`."""
    credential = ""
    auth = environ.get("HTTP_AUTHORIZATION", "")
    if "Credential=" in auth:
        credential = auth.split("Credential=", 1)[1].split(",", 1)[0]
    else:
        for key, value in parse_qsl(environ.get("QUERY_STRING", "")):
            if key == "X-Amz-Credential":
                credential = value
    parts = credential.strip().split("/")
    return parts[3] if len(parts) >= 5 and parts[4] == "aws4_request" else None


@lru_cache(maxsize=None)
def service_model(name: str):
    try:
        return _SESSION.get_service_model(name)
    except UnknownServiceError:
        return None


def candidate_models(signing: str) -> list:
    names = SERVICES_BY_SIGNING_NAME.get(signing, (signing,))
    return [m for m in (service_model(n) for n in names) if m is not None]


def request_protocol(model, environ: dict) -> str | None:
    """The protocol the request speaks, of those the service accepts (CloudWatch: three)."""
    protocols = model.metadata.get("protocols", [model.protocol])
    if environ.get("HTTP_SMITHY_PROTOCOL"):
        return "smithy-rpc-v2-cbor"
    if "HTTP_X_AMZ_TARGET" in environ and "json" in protocols:
        return "json"
    if "query" in protocols or "ec2" in protocols:
        return "query" if "query" in protocols else "ec2"
    return model.protocol


# ---------------------------------------------------------------------------------------------
# Checking one value against its shape (shared by every protocol)


def member_path(path: str, name: str) -> str:
    """Coral's name for a member: lower camel case, nested with dots, list items `.N.member`."""
    name = name[:1].lower() + name[1:]
    return f"{path}.{name}" if path else name


def shown(value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(shown(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def constraint(path: str, value, rule: str, text: str) -> Violation:
    at = "null" if value is None else "'" + shown(value) + "'"
    return Violation(path, rule, f"Value {at} at '{path}' failed to satisfy constraint: {text}", value)


@lru_cache(maxsize=None)
def compiled(pattern: str):
    """The model's pattern, matched as Java's `Pattern.matches` does (the whole value); None
    when Python cannot compile it (the pattern is then not checked)."""
    # Java matches UTF-16 code units: its models spell "any supplementary character" as the
    # surrogate pair range, which Python (matching code points) must have as one range.
    pattern = pattern.replace("\\uD800\\uDC00-\\uDBFF\\uDFFF", "\\U00010000-\\U0010FFFF")
    try:
        return _regex_module.compile(pattern, _regex_module.DOTALL)
    except Exception:  # noqa: BLE001  (regex and re raise different errors)
        return None


class Wrong:
    """A wire value that is not of its shape's type (query: `MaxRecords=ten`)."""

    def __init__(self, raw: str):
        self.raw = raw

    def __str__(self) -> str:
        return self.raw


def check(shape, value, path: str, out: list[Violation]) -> None:
    """Appends to `out` every rule of `shape` that `value` (already read off the wire) breaks."""
    kind = shape.type_name
    if isinstance(value, Wrong) or not type_fits(kind, value):
        out.append(constraint(path, value, "type", f"Member must be of type {kind}"))
        return
    if kind == "structure":
        check_structure(shape, value, path, out)
    elif kind == "list":
        check_length(shape, len(value), value, path, out)
        for index, item in enumerate(value, start=1):
            check(shape.member, item, f"{path}.{index}.member", out)
    elif kind == "map":
        check_length(shape, len(value), value, path, out)
        for key, item in value.items():
            check(shape.key, key, f"{path}.{key}", out)
            check(shape.value, item, f"{path}.{key}", out)
    elif kind == "string":
        check_string(shape, value, path, out)
    elif kind == "blob" and isinstance(value, (bytes, bytearray)):
        check_length(shape, len(value), value, path, out)
    elif kind in ("integer", "long", "short", "byte", "float", "double"):
        check_range(shape, value, path, out)


def type_fits(kind: str, value) -> bool:
    if kind == "structure":
        return isinstance(value, dict)
    if kind == "list":
        return isinstance(value, list)
    if kind == "map":
        return isinstance(value, dict)
    if kind == "string":
        return isinstance(value, str)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind in ("integer", "long", "short", "byte"):
        return isinstance(value, int) and not isinstance(value, bool)
    if kind in ("float", "double"):
        return (isinstance(value, (int, float)) and not isinstance(value, bool)) or value in (
            "NaN", "Infinity", "-Infinity")
    if kind == "timestamp":
        return isinstance(value, (int, float, datetime)) and not isinstance(value, bool)
    if kind == "blob":
        return isinstance(value, (bytes, bytearray))
    return True  # document, unknown kinds


def check_structure(shape, value: dict, path: str, out: list[Violation]) -> None:
    if shape.is_document_type:
        return
    for name in shape.required_members:
        if value.get(name) is None:
            out.append(constraint(member_path(path, name), None, "required", "Member must not be null"))
    for name, member in shape.members.items():
        if value.get(name) is not None:
            check(member, value[name], member_path(path, name), out)


def check_length(shape, length: int, value, path: str, out: list[Violation]) -> None:
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    if low is not None and length < low:
        out.append(constraint(path, value, "min length", f"Member must have length greater than or equal to {low}"))
    if high is not None and length > high:
        out.append(constraint(path, value, "max length", f"Member must have length less than or equal to {high}"))


def check_range(shape, value, path: str, out: list[Violation]) -> None:
    if isinstance(value, str):
        return  # NaN, Infinity
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    if low is not None and value < low:
        out.append(constraint(path, value, "min value", f"Member must have value greater than or equal to {low}"))
    if high is not None and value > high:
        out.append(constraint(path, value, "max value", f"Member must have value less than or equal to {high}"))


def check_string(shape, value: str, path: str, out: list[Violation]) -> None:
    enum = shape.enum
    if enum and value not in enum:
        out.append(constraint(path, value, "enum", f"Member must satisfy enum value set: [{', '.join(enum)}]"))
    check_length(shape, len(value), value, path, out)
    pattern = shape.metadata.get("pattern")
    regex = compiled(pattern) if pattern else None
    if regex is not None and regex.fullmatch(value) is None:
        out.append(constraint(
            path, value, "pattern", f"Member must satisfy regular expression pattern: {pattern}"))


def unknown(path: str, name: str) -> Violation:
    return Violation(member_path(path, name) if path else name, "unknown member",
                     f"Unknown member '{name}' at '{path or 'input'}': the model has no such member", name)


# ---------------------------------------------------------------------------------------------
# Reading members off the wire: query


def query_scalar(shape, raw: str):
    """A query-protocol value as the type its shape says, or `Wrong` when it is not one."""
    kind = shape.type_name
    try:
        if kind in ("integer", "long", "short", "byte"):
            return int(raw)
        if kind in ("float", "double"):
            return raw if raw in ("NaN", "Infinity", "-Infinity") else float(raw)
        if kind == "boolean":
            return {"true": True, "false": False}[raw]
        if kind == "timestamp":
            return parse_timestamp(raw)
        if kind == "blob":
            return base64.b64decode(raw, validate=True)
    except (ValueError, KeyError, binascii.Error):
        return Wrong(raw)
    return raw


def parse_timestamp(raw):
    """ISO 8601 (query, JSON strings) or epoch seconds; ValueError for anything else."""
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return raw
    text = str(raw)
    try:
        return float(text)
    except ValueError:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))


def query_name(shape, default: str) -> str:
    return shape.serialization.get("locationNameForQueryCompatibility") or shape.serialization.get(
        "name", default)


def has_prefix(params: dict, prefix: str) -> bool:
    return prefix in params or any(key.startswith(prefix + ".") for key in params)


def query_value(shape, params: dict, prefix: str, used: set[str]):
    """The value at `prefix` of the flat `params` as nested Python values; marks keys read."""
    kind = shape.type_name
    if kind == "structure":
        result = {}
        for name, member in shape.members.items():
            key = query_name(member, name)
            key = f"{prefix}.{key}" if prefix else key
            if has_prefix(params, key):
                result[name] = query_value(member, params, key, used)
        return result
    if kind == "list":
        if params.get(prefix) == "":
            used.add(prefix)
            return []
        if shape.serialization.get("flattened"):
            base = prefix
        else:
            base = f"{prefix}.{query_name(shape.member, 'member')}"
        items, index = [], 1
        while has_prefix(params, f"{base}.{index}"):
            items.append(query_value(shape.member, params, f"{base}.{index}", used))
            index += 1
        return items
    if kind == "map":
        base = prefix if shape.serialization.get("flattened") else f"{prefix}.entry"
        key_name, value_name = query_name(shape.key, "key"), query_name(shape.value, "value")
        result, index = {}, 1
        while has_prefix(params, f"{base}.{index}"):
            key = query_value(shape.key, params, f"{base}.{index}.{key_name}", used)
            result[str(key)] = query_value(shape.value, params, f"{base}.{index}.{value_name}", used)
            index += 1
        return result
    if prefix not in params:
        return None
    used.add(prefix)
    return query_scalar(shape, params[prefix])


def judge_query(model, environ: dict, body: bytes) -> Verdict:
    service = model.service_name
    content_type = environ.get("CONTENT_TYPE", "")
    framing: list[Violation] = []
    if environ.get("REQUEST_METHOD") == "POST" and not content_type.startswith("application/x-www-form-urlencoded"):
        framing.append(Violation("Content-Type", "content type",
                                 f"Content-Type '{content_type}' is not application/x-www-form-urlencoded"))
    pairs = parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True)
    if not framing:
        pairs += parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
    params = {key: value for key, value in pairs if not key.startswith("X-Amz-")}
    action, version = params.pop("Action", ""), params.pop("Version", "")
    if action not in model.operation_names or version != model.api_version:
        message = f"Could not find operation {action} for version {version}"
        return Verdict(service, action or "?", "query", (Violation("Action", "operation", message),), True)
    if framing:
        return Verdict(service, action, "query", tuple(framing))
    shape = model.operation_model(action).input_shape
    out: list[Violation] = []
    used: set[str] = set()
    if shape is not None:
        check(shape, query_value(shape, params, "", used), "", out)
    out += [Violation(key, "unknown member", f"Unknown parameter '{key}'", key)
            for key in params if key not in used]
    return Verdict(service, action, "query", tuple(out))


# ---------------------------------------------------------------------------------------------
# Reading members off the wire: JSON and REST-JSON bodies


def json_value(shape, value, path: str, out: list[Violation]):
    """`value` from a JSON body with member names for wire names; unknown members and values
    of the wrong JSON type go to `out` (Coral paths), nulls are absent as on AWS."""
    kind = shape.type_name
    if kind == "structure" and isinstance(value, dict) and not shape.is_document_type:
        wire_names = {member.serialization.get("name", name): name for name, member in shape.members.items()}
        result = {}
        for key, item in value.items():
            if key not in wire_names:
                out.append(unknown(path, key))
            elif item is not None:
                name = wire_names[key]
                result[name] = json_value(shape.members[name], item, member_path(path, name), out)
        return result
    if kind == "list" and isinstance(value, list):
        return [json_value(shape.member, item, f"{path}.{i}.member", out) for i, item in enumerate(value, 1)]
    if kind == "map" and isinstance(value, dict):
        return {k: json_value(shape.value, v, f"{path}.{k}", out) for k, v in value.items() if v is not None}
    if kind == "blob" and isinstance(value, str):
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            return Wrong(value)
    if kind == "timestamp" and isinstance(value, (str, int, float)) and not isinstance(value, bool):
        try:
            return parse_timestamp(value)
        except ValueError:
            return Wrong(str(value))
    return value


def json_body(body: bytes):
    """The parsed body, `{}` for an empty one; `Wrong` when it is not a JSON object."""
    if not body.strip():
        return {}
    try:
        parsed = json.loads(body)
    except ValueError:
        return Wrong(body[:80].decode("utf-8", "replace"))
    return parsed if isinstance(parsed, dict) else Wrong(str(parsed)[:80])


def judge_json(model, environ: dict, body: bytes) -> Verdict:
    service = model.service_name
    target = environ.get("HTTP_X_AMZ_TARGET", "")
    prefix, _, operation = target.rpartition(".")
    if prefix != model.metadata.get("targetPrefix") or operation not in model.operation_names:
        return Verdict(service, operation or target, "json",
                       (Violation("X-Amz-Target", "operation", f"Unknown operation {target}"),), True)
    wanted = f"application/x-amz-json-{model.metadata.get('jsonVersion', '1.0')}"
    content_type = environ.get("CONTENT_TYPE", "")
    if content_type.split(";")[0].strip() != wanted:
        return Verdict(service, operation, "json", (Violation(
            "Content-Type", "content type", f"Content-Type '{content_type}' is not {wanted}"),))
    parsed = json_body(body)
    if isinstance(parsed, Wrong):
        return Verdict(service, operation, "json", (Violation("body", "encoding", "The body is not a JSON object"),))
    return Verdict(service, operation, "json", judge_json_input(model.operation_model(operation).input_shape, parsed))


def judge_json_input(shape, parsed: dict) -> tuple[Violation, ...]:
    if shape is None:
        return ()
    out: list[Violation] = []
    value = json_value(shape, parsed, "", out)
    check(shape, value, "", out)
    return tuple(out)


# ---------------------------------------------------------------------------------------------
# Reading members off the wire: REST-JSON (Lambda, API Gateway)


@lru_cache(maxsize=None)
def route_table(service: str) -> list[tuple[int, str, re.Pattern, tuple[str, ...], str]]:
    """Each operation's (literal length, method, path regex, required query keys, name)."""
    model = service_model(service)
    routes = []
    for name in model.operation_names:
        http = model.operation_model(name).http
        path, _, query = http.get("requestUri", "/").partition("?")
        path = path.rstrip("/") or "/"
        regex, literal = "", 0
        for piece in re.split(r"(\{[^}]+\})", path):
            if piece.startswith("{"):
                label = piece[1:-1]
                greedy = label.endswith("+")
                regex += f"(?P<{re.sub(r'[^A-Za-z0-9_]', '_', label.rstrip('+'))}>{'.+' if greedy else '[^/]+'})"
            else:
                regex += re.escape(piece)
                literal += len(piece)
        keys = tuple(pair.split("=", 1)[0] for pair in query.split("&") if pair)
        routes.append((literal, http.get("method", "POST"), re.compile(regex + "/?"), keys, name))
    routes.sort(key=lambda route: -route[0])
    return routes


def rest_operation(model, method: str, path: str, query: dict) -> tuple[str, dict] | None:
    for _, route_method, regex, keys, name in route_table(model.service_name):
        if route_method != method:
            continue
        match = regex.fullmatch(path.rstrip("/") or "/") or regex.fullmatch(path)
        if match and all(key in query for key in keys):
            return name, {key: unquote(value) for key, value in match.groupdict().items()}
    return None


def raw_path(environ: dict) -> str:
    """The path as sent, percent-encoding kept (PATH_INFO is decoded: `%2F` became `/`)."""
    uri = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if uri:
        return uri.split("?", 1)[0]
    return environ.get("PATH_INFO", "/")


def rest_json_value(shape, raw: str):
    """A label, query-string or header value as its shape's type (`Wrong` when it is not one)."""
    if shape.type_name == "timestamp":
        try:
            return parse_timestamp(raw)
        except ValueError:
            try:
                from email.utils import parsedate_to_datetime

                return parsedate_to_datetime(raw)
            except (TypeError, ValueError):
                return Wrong(raw)
    if shape.type_name == "blob":
        return raw.encode()
    return query_scalar(shape, raw)


def rest_members(shape, environ: dict, labels: dict, query: list[tuple[str, str]]) -> dict:
    """The members bound to the URI, the query string and headers."""
    result = {}
    for name, member in shape.members.items():
        location = member.serialization.get("location")
        wire = member.serialization.get("name", name)
        label = re.sub(r"[^A-Za-z0-9_]", "_", wire.rstrip("+"))
        if location == "uri" and label in labels:
            result[name] = rest_json_value(member, labels[label])
        elif location == "querystring":
            values = [v for k, v in query if k == wire]
            if member.type_name == "list" and values:
                result[name] = [rest_json_value(member.member, v) for v in values]
            elif member.type_name == "map":
                continue  # every other key of the query string: not judged
            elif values:
                result[name] = rest_json_value(member, values[-1])
        elif location == "header":
            header = environ.get("HTTP_" + wire.upper().replace("-", "_"))
            if header is not None:
                result[name] = rest_json_value(member, header)
    return result


def judge_rest_json(model, environ: dict, body: bytes) -> Verdict:
    service = model.service_name
    method = environ.get("REQUEST_METHOD", "GET")
    query = parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True)
    found = rest_operation(model, method, raw_path(environ), dict(query))
    if found is None:
        path = environ.get("PATH_INFO", "/")
        return Verdict(service, f"{method} {path}", "rest-json",
                       (Violation("path", "operation", f"No operation for {method} {path}"),), True)
    operation, labels = found
    shape = model.operation_model(operation).input_shape
    if shape is None:
        return Verdict(service, operation, "rest-json", ())
    out: list[Violation] = []
    value = rest_members(shape, environ, labels, query)
    payload = shape.serialization.get("payload")
    body_members = {n: m for n, m in shape.members.items() if not m.serialization.get("location")}
    if payload:
        payload_shape = shape.members[payload]
        if payload_shape.type_name == "structure" and body.strip():
            parsed = json_body(body)
            value[payload] = json_value(payload_shape, parsed, member_path("", payload), out)
        elif body:
            value[payload] = body if payload_shape.type_name == "blob" else body.decode("utf-8", "replace")
    elif body_members:
        parsed = json_body(body)
        if isinstance(parsed, Wrong):
            return Verdict(service, operation, "rest-json", (Violation("body", "encoding", "The body is not JSON"),))
        body_shape = _BodyShape(shape, body_members)
        value.update(json_value(body_shape, parsed, "", out))
    check(shape, value, "", out)
    return Verdict(service, operation, "rest-json", tuple(out))


class _BodyShape:
    """The part of a REST input shape that travels in the JSON body (members without a location)."""

    type_name = "structure"
    is_document_type = False

    def __init__(self, shape, members: dict):
        self.members = members
        self.serialization = shape.serialization


JUDGES = {"query": judge_query, "json": judge_json, "rest-json": judge_rest_json}


def judge(environ: dict, body: bytes) -> Verdict | None:
    """The verdict on a request, or None when the judge cannot read it (see the docstring)."""
    signing = signing_name(environ)
    if signing is None:
        return None
    verdicts = []
    for model in candidate_models(signing):
        protocol = request_protocol(model, environ)
        if protocol not in JUDGED_PROTOCOLS:
            continue
        verdict = JUDGES[protocol](model, environ, body)
        if not verdict.unknown_operation:
            return verdict
        verdicts.append(verdict)
    return verdicts[0] if verdicts else None


# ---------------------------------------------------------------------------------------------
# AWS's answer, and the record


def error_code(verdict: Verdict) -> str:
    if verdict.unknown_operation:
        return "InvalidAction" if verdict.protocol == "query" else "UnknownOperationException"
    return "ValidationError" if verdict.protocol == "query" else "ValidationException"


def error_message(verdict: Verdict) -> str:
    if verdict.unknown_operation or verdict.violations[0].rule in ("content type", "encoding"):
        return verdict.violations[0].message
    count = len(verdict.violations)
    head = f"{count} validation error{'s' if count > 1 else ''} detected: "
    return head + "; ".join(v.message for v in verdict.violations)


def error_response(verdict: Verdict) -> tuple[str, list[tuple[str, str]], bytes]:
    """HTTP status, headers and body of AWS's error in the request's protocol."""
    code, message, request_id = error_code(verdict), error_message(verdict), str(uuid.uuid4())
    status = "404 Not Found" if verdict.unknown_operation and verdict.protocol == "rest-json" else "400 Bad Request"
    if verdict.protocol == "query":
        namespace = service_model(verdict.service).metadata.get("xmlNamespace", "")
        body = (f'<ErrorResponse xmlns="{escape(namespace)}"><Error><Type>Sender</Type><Code>{code}</Code>'
                f"<Message>{escape(message)}</Message></Error><RequestId>{request_id}</RequestId></ErrorResponse>")
        return status, [("Content-Type", "text/xml"), ("x-amzn-RequestId", request_id)], body.encode()
    headers = [("x-amzn-RequestId", request_id), ("x-amzn-ErrorType", code)]
    if verdict.protocol == "json":
        metadata = service_model(verdict.service).metadata
        headers.append(("Content-Type", f"application/x-amz-json-{metadata.get('jsonVersion', '1.0')}"))
        if metadata.get("awsQueryCompatible") is not None:
            # CloudWatch in JSON: boto3 reads the query error code from this header.
            headers.append(("x-amzn-query-error", "ValidationError;Sender" if code == "ValidationException"
                            else f"{code};Sender"))
    else:
        headers.append(("Content-Type", "application/json"))
    body = json.dumps({"__type": code, "message": message, "Message": message}).encode()
    return status, headers, body


def refused(verdict: Verdict, violation: Violation) -> bool:
    return (verdict.service, verdict.operation, violation.member, violation.rule) not in RECORDED_ONLY


def record(verdict: Verdict, path: str | None) -> None:
    """Appends one JSON line per violation to `path` (BALLAST_EMULATOR_VIOLATIONS)."""
    if not path or not verdict.violations:
        return
    lines = "".join(json.dumps({
        "service": verdict.service, "operation": verdict.operation, "member": v.member, "rule": v.rule,
        "refused": refused(verdict, v), "message": v.message[:500],
    }) + "\n" for v in verdict.violations)
    with _WRITE_LOCK, open(path, "a", encoding="utf-8") as out:
        out.write(lines)


def read_body(environ: dict) -> bytes:
    """The request body, put back as `wsgi.input` for moto to read again."""
    stream = environ.get("wsgi.input")
    length = environ.get("CONTENT_LENGTH")
    if stream is None:
        return b""
    if length:
        body = stream.read(int(length))
    elif environ.get("wsgi.input_terminated"):
        body = stream.read()
    else:
        body = b""
    environ["wsgi.input"] = io.BytesIO(body)
    return body


def decoded(environ: dict, body: bytes) -> bytes:
    if environ.get("HTTP_CONTENT_ENCODING", "").lower() == "gzip":
        try:
            return gzip.decompress(body)
        except OSError:
            return body
    return body


class Judge:
    """WSGI middleware: refuses with AWS's error what botocore's model says AWS refuses."""

    def __init__(self, app, violations: str | None = None, judged: str | None = None):
        self.app = app
        self.violations = violations if violations is not None else os.environ.get("BALLAST_EMULATOR_VIOLATIONS")
        self.judged = judged if judged is not None else os.environ.get("BALLAST_EMULATOR_JUDGED")

    def __call__(self, environ, start_response):
        signing = signing_name(environ)
        if signing is None or signing == "s3":
            self.count(signing or "unsigned", None)
            return self.app(environ, start_response)
        body = read_body(environ)
        verdict = judge(environ, decoded(environ, body))
        self.count(signing, verdict)
        if verdict is None or not verdict.violations:
            return self.app(environ, start_response)
        record(verdict, self.violations)
        if not any(refused(verdict, v) for v in verdict.violations):
            return self.app(environ, start_response)
        status, headers, payload = error_response(verdict)
        start_response(status, headers + [("Content-Length", str(len(payload)))])
        return [payload]

    def count(self, signing: str, verdict: Verdict | None) -> None:
        """One line per request to $BALLAST_EMULATOR_JUDGED, if set: what was judged, what was not."""
        if not self.judged:
            return
        line = f"judged {verdict.service} {verdict.operation} {verdict.protocol}" if verdict else f"unjudged {signing}"
        with _WRITE_LOCK, open(self.judged, "a", encoding="utf-8") as out:
            out.write(line + "\n")


"""What a container image does when invoked: a Python handler named in the image's manifest.

moto 5.2.1 cannot invoke a function with `PackageType: Image` (it would need Docker and the
image's layers, which its ECR never stores). Here a test says what its image does: the
manifest it pushes to ECR carries the annotation

    "annotations": {"ballast.emulator.handler": "/abs/path/handler.py[:function]"}

(an OCI manifest's own `annotations` map; `function` defaults to `handler`). Invoke of a
function, version or alias whose image is that manifest (found by the version's
`CodeSha256`, the image's digest, when the function is created or its code updated, and
kept with the version: moto deletes an image whose tag is pushed again, where ECR keeps it
untagged) loads the file and calls `function(event, context)` in-process, as Lambda's Python
runtime does. The module is loaded once per function version
and kept with it, as a warm Lambda environment keeps its module state. An image without the
annotation is invoked as moto does.

This is an emulator-only convention: AWS ignores the annotation.
"""
import base64
import contextlib
import importlib.util
import io
import json
import math
import sys
import time
import traceback
import uuid
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Callable

from moto.awslambda.models import LambdaFunction
from moto.ecr.models import ecr_backends

ANNOTATION = "ballast.emulator.handler"


@dataclass(frozen=True)
class HandlerResult:
    """One invocation's answer as Lambda gives it."""

    payload: bytes
    function_error: str | None  # "Unhandled" when the handler raised or timed out
    duration_ms: float
    log: str  # the invocation's log as Lambda writes it: START, what the handler printed, END, REPORT

    def log_tail(self) -> str:
        """`X-Amz-Log-Result`: the last 4 KB of the log, base64."""
        return base64.b64encode(self.log.encode("utf-8")[-4096:]).decode("ascii")


class LambdaContext:
    """The context object of Lambda's Python runtime (the members handlers use)."""

    def __init__(self, fn: Any, invoked_arn: str, timeout_seconds: float, started: float):
        self.function_name = fn.function_name
        self.function_version = str(fn.version)
        self.invoked_function_arn = invoked_arn
        self.memory_limit_in_mb = str(fn.memory_size)
        self.aws_request_id = str(uuid.uuid4())
        self.log_group_name = f"/aws/lambda/{fn.function_name}"
        self.log_stream_name = f"emulator/[{self.function_version}]{self.aws_request_id}"
        self._deadline = started + timeout_seconds

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))


def handler_spec(fn: Any, account_id: str, region_name: str) -> str | None:
    """The `path[:function]` the image of this function version names, or None."""
    recorded = getattr(fn, "_ballast_handler_spec", None)
    return recorded if recorded is not None else _image_handler_spec(fn, account_id, region_name)


def _image_handler_spec(fn: Any, account_id: str, region_name: str) -> str | None:
    """The handler the function's image in ECR names, if the image is there."""
    digest = "sha256:" + str(getattr(fn, "code_sha_256", "") or "")
    if "ImageUri" not in (getattr(fn, "code", None) or {}):
        return None
    for repository in ecr_backends[account_id][region_name].repositories.values():
        for image in repository.images:
            if image.image_digest == digest:
                try:
                    manifest = json.loads(image.image_manifest)
                except ValueError:
                    return None
                annotations = manifest.get("annotations") if isinstance(manifest, dict) else None
                value = (annotations or {}).get(ANNOTATION)
                return value if isinstance(value, str) and value else None
    return None


def _load(fn: Any, spec: str) -> Callable[[Any, LambdaContext], Any]:
    """The handler function, loaded once per function version (kept on moto's version object)."""
    cached = getattr(fn, "_ballast_handler", None)
    if cached is not None and cached[0] == spec:
        return cached[1]
    path, _, name = spec.partition(":")
    module_spec = importlib.util.spec_from_file_location(f"ballast_handler_{uuid.uuid4().hex}", path)
    if module_spec is None or module_spec.loader is None:
        raise ImportError(f"Cannot load handler file {path}")
    module: ModuleType = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    handler = getattr(module, name or "handler")
    fn._ballast_handler = (spec, handler)
    return handler


def _error_payload(error: BaseException, request_id: str) -> dict[str, Any]:
    """An unhandled exception as Lambda's Python runtime reports it."""
    frames = traceback.extract_tb(error.__traceback__)
    return {
        "errorMessage": str(error),
        "errorType": type(error).__name__,
        "requestId": request_id,
        "stackTrace": traceback.format_list(frames),
    }


def run(fn: Any, spec: str, event: Any, invoked_arn: str) -> HandlerResult:
    """Calls the handler with the event; its answer, error and duration as Lambda reports them.

    A handler that runs longer than the function's Timeout is reported as Lambda reports a
    timeout (it is not interrupted: it runs in the emulator's process)."""
    timeout = float(getattr(fn, "timeout", 3) or 3)
    started = time.monotonic()
    context = LambdaContext(fn, invoked_arn, timeout, started)
    printed = io.StringIO()
    try:
        # What the handler prints is its log (Lambda sends it to CloudWatch Logs), never the
        # emulator's stdout, which its parent may have stopped reading.
        with contextlib.redirect_stdout(printed):
            handler = _load(fn, spec)
            answer = handler(event, context)
        payload = json.dumps(answer).encode("utf-8")
        error = None
    except Exception as failure:  # the handler's own failure is the invocation's answer
        body = _error_payload(failure, context.aws_request_id)
        payload = json.dumps(body).encode("utf-8")
        printed.write(f"[ERROR] {body['errorType']}: {body['errorMessage']}\n")
        error = "Unhandled"
    duration_ms = (time.monotonic() - started) * 1000
    if duration_ms > timeout * 1000:
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime())
        payload = json.dumps({
            "errorMessage": f"{stamp}Z {context.aws_request_id} Task timed out after {timeout:.2f} seconds",
        }).encode("utf-8")
        error, duration_ms = "Unhandled", timeout * 1000
    request = context.aws_request_id
    log = (f"START RequestId: {request} Version: {context.function_version}\n{printed.getvalue()}"
           f"END RequestId: {request}\n"
           f"REPORT RequestId: {request}\tDuration: {duration_ms:.2f} ms\tBilled Duration: {math.ceil(duration_ms)} ms"
           f"\tMemory Size: {context.memory_limit_in_mb} MB\tMax Memory Used: {context.memory_limit_in_mb} MB\n")
    sys.stderr.write(log)
    return HandlerResult(payload, error, duration_ms, log)


def _recording_handler(method: Callable[..., Any]) -> Callable[..., Any]:
    """Wraps a LambdaFunction method that sets the code: the image's handler is recorded then."""

    def recording(self: LambdaFunction, *args: Any, **kwargs: Any) -> Any:
        result = method(self, *args, **kwargs)
        self._ballast_handler_spec = _image_handler_spec(self, self.account_id, self.region)
        return result

    return recording


LambdaFunction.__init__ = _recording_handler(LambdaFunction.__init__)  # type: ignore[method-assign]
LambdaFunction.update_function_code = _recording_handler(  # type: ignore[method-assign]
    LambdaFunction.update_function_code)

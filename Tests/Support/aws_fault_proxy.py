#!/usr/bin/env python3
"""A loopback HTTP proxy between Ballast and the AWS emulator, for tests.

It forwards every request to --target and records it (one JSON line per request: service,
operation, method, path, status, fault) to --log, which tests read to count requests by
operation or to prove a dry run sent only reads. With --fault-rate R it injects faults into
that share of requests, chosen by a seeded random generator (--seed) so a failing run can be
repeated: throttling errors, 500s and 503s, added latency, connections reset mid-response,
truncated and malformed bodies. --faults limits the kinds; --only limits faults to some
services or operations ("CloudFormation", "Lambda:UpdateAlias"). --record-params records the
parameters of the named operations ("CreateChangeSet,DeleteStack", or "*" for all) of the query
and JSON protocols, all but TemplateBody, and the region of the signature, so a test can see what
Ballast asked for. --vanish-change-sets N deletes the change set named by each of the first N
ExecuteChangeSet requests just before forwarding it, as a second deploy of the same stack running
at the same moment does when it takes that change set for a leftover.

    aws_fault_proxy.py --target http://127.0.0.1:5000 --port 0 --log requests.jsonl \
        --fault-rate 0.2 --seed 7

Prints "aws-fault-proxy listening on http://127.0.0.1:PORT" once it accepts connections.
"""
import argparse
import http.client
import json
import random
import re
import signal
import socket
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FAULTS = ["throttle", "error500", "error503", "latency", "reset", "truncate", "malformed"]

# Services by the signing name in the credential scope of the Authorization header.
SIGNING_NAMES = {
    "cloudformation": "CloudFormation", "lambda": "Lambda", "monitoring": "CloudWatch", "ecr": "ECR",
    "s3": "S3", "sts": "STS", "sns": "SNS", "secretsmanager": "SecretsManager",
}


def classify(method, path, headers, body):
    """(service, operation) of a request, as well as the wire tells."""
    service = "unknown"
    match = re.search(r"Credential=[^/]+/[^/]+/[^/]+/([^/]+)/aws4_request", headers.get("Authorization", ""))
    if match:
        service = SIGNING_NAMES.get(match.group(1), match.group(1))
    elif "Action=AssumeRoleWithWebIdentity" in body.decode("utf-8", "replace"):
        service = "STS"
    target = headers.get("X-Amz-Target")
    if target:
        return service, target.split(".")[-1]
    form = urllib.parse.parse_qs(body.decode("utf-8", "replace")) if body else {}
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query)
    action = (form.get("Action") or query.get("Action") or [None])[0]
    if action:
        return service, action
    if service == "Lambda":
        return service, lambda_operation(method, urllib.parse.urlsplit(path).path)
    return service, f"{method} {urllib.parse.urlsplit(path).path}"


def lambda_operation(method, path):
    """Lambda's REST-JSON operation from method and path."""
    parts = [p for p in path.split("/") if p]
    if len(parts) >= 2 and parts[1] == "tags":
        return {"GET": "ListTags", "POST": "TagResource", "DELETE": "UntagResource"}.get(method, "Tags")
    tail = parts[3:]
    if not tail:
        return {"GET": "GetFunction", "DELETE": "DeleteFunction", "POST": "CreateFunction"}.get(method, method)
    if tail[0] == "configuration":
        return "GetFunctionConfiguration" if method == "GET" else "UpdateFunctionConfiguration"
    if tail[0] == "code":
        return "UpdateFunctionCode"
    if tail[0] == "versions":
        return "ListVersionsByFunction" if method == "GET" else "PublishVersion"
    if tail[0] == "aliases":
        if len(tail) == 1:
            return "ListAliases" if method == "GET" else "CreateAlias"
        return {"GET": "GetAlias", "PUT": "UpdateAlias", "DELETE": "DeleteAlias"}.get(method, method)
    return f"{method} {path}"


def request_params(headers, body):
    """The parameters of a query-protocol (form) or JSON-protocol request, but a template body."""
    text = body.decode("utf-8", "replace")
    if headers.get("X-Amz-Target"):
        try:
            params = json.loads(text or "{}")
        except ValueError:
            return {}
        return params if isinstance(params, dict) else {}
    form = urllib.parse.parse_qs(text)
    return {k: v[0] for k, v in form.items() if k != "TemplateBody"}


def error_body(service, code, message):
    """An error body in the protocol the service speaks, and its content type."""
    if service in ("Lambda",):
        return json.dumps({"message": message}).encode(), "application/json", {"x-amzn-ErrorType": code}
    if service in ("ECR",):
        return json.dumps({"__type": code, "message": message}).encode(), "application/x-amz-json-1.1", {}
    xml = (f"<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error>"
           f"<RequestId>fault-proxy</RequestId></ErrorResponse>")
    return xml.encode(), "text/xml", {}


class Proxy:
    def __init__(self, args):
        self.target = urllib.parse.urlsplit(args.target)
        self.rate = args.fault_rate
        self.faults = args.faults.split(",") if args.faults else FAULTS
        self.only = [o for o in (args.only or "").split(",") if o]
        self.random = random.Random(args.seed)
        self.lock = threading.Lock()
        self.log = open(args.log, "a", buffering=1) if args.log else None
        self.record_params = set(o for o in (args.record_params or "").split(",") if o)
        self.vanish_left = args.vanish_change_sets

    def take_vanish(self, operation):
        """Whether this ExecuteChangeSet is one whose change set is to vanish first."""
        if operation != "ExecuteChangeSet":
            return False
        with self.lock:
            if self.vanish_left <= 0:
                return False
            self.vanish_left -= 1
            return True

    def choose_fault(self, service, operation):
        if self.rate <= 0:
            return None
        if self.only and not any(o in (service, f"{service}:{operation}") for o in self.only):
            return None
        with self.lock:
            if self.random.random() >= self.rate:
                return None
            return self.random.choice(self.faults)

    def record(self, entry):
        if self.log:
            with self.lock:
                self.log.write(json.dumps(entry, sort_keys=True) + "\n")


def make_handler(proxy):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def handle_any(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            service, operation = classify(self.command, self.path, self.headers, body)
            fault = proxy.choose_fault(service, operation)
            entry = {"time": time.time(), "service": service, "operation": operation, "method": self.command,
                     "path": self.path, "fault": fault}
            scope = re.search(r"Credential=[^/]+/[^/]+/([^/]+)/", self.headers.get("Authorization", ""))
            if scope:
                entry["region"] = scope.group(1)
            if operation in proxy.record_params or "*" in proxy.record_params:
                entry["params"] = request_params(self.headers, body)
            if fault in ("throttle", "error500", "error503"):
                code, status = {"throttle": ("Throttling", 400), "error500": ("InternalFailure", 500),
                                "error503": ("ServiceUnavailable", 503)}[fault]
                if fault == "throttle" and service == "Lambda":
                    code, status = "TooManyRequestsException", 429
                payload, content_type, extra = error_body(service, code, "injected by the fault proxy")
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                for name, value in extra.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
                entry["status"] = status
                proxy.record(entry)
                return
            if fault == "latency":
                time.sleep(proxy.random.uniform(0.2, 1.5))
            if proxy.take_vanish(operation):
                params = request_params(self.headers, body)
                deletion = urllib.parse.urlencode({
                    "Action": "DeleteChangeSet", "Version": "2010-05-15",
                    "ChangeSetName": params.get("ChangeSetName", ""), "StackName": params.get("StackName", "")})
                entry["vanished"] = params.get("ChangeSetName")
                self.forward(deletion.encode(), content_type="application/x-www-form-urlencoded")
            status, headers, payload = self.forward(body)
            entry["status"] = status
            proxy.record(entry)
            if fault == "reset":
                # Headers promise the whole body; half of it arrives, then the connection dies.
                self.send_response(status)
                for name, value in headers:
                    if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload[: len(payload) // 2])
                self.wfile.flush()
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                self.close_connection = True
                self.connection.close()
                return
            if fault == "truncate":
                payload = payload[: max(0, len(payload) // 2)]
            if fault == "malformed":
                payload = b"<<<not xml or json" + payload[:16]
            self.send_response(status)
            for name, value in headers:
                if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def forward(self, body, content_type=None):
            """The target's answer to this request, or to `body` sent with this request's headers."""
            connection = http.client.HTTPConnection(proxy.target.hostname, proxy.target.port, timeout=60)
            headers = {k: v for k, v in self.headers.items() if k.lower() not in ("connection", "keep-alive")}
            if content_type:
                headers = {k: v for k, v in headers.items() if k.lower() not in ("content-length", "content-type")}
                headers["Content-Type"] = content_type
            connection.request(self.command, self.path, body=body, headers=headers)
            response = connection.getresponse()
            payload = response.read()
            result = (response.status, response.getheaders(), payload)
            connection.close()
            return result

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = handle_any

    return Handler


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--log")
    parser.add_argument("--fault-rate", type=float, default=0.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--faults", help="comma-separated subset of " + ",".join(FAULTS))
    parser.add_argument("--only", help="comma-separated services or Service:Operation to inject into")
    parser.add_argument("--record-params", help="comma-separated operations (or *) whose parameters are logged")
    parser.add_argument("--vanish-change-sets", type=int, default=0,
                        help="delete the change set of each of the first N ExecuteChangeSet requests first")
    args = parser.parse_args()
    proxy = Proxy(args)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(proxy))
    server.daemon_threads = True
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    print(f"aws-fault-proxy listening on http://127.0.0.1:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    server.server_close()


if __name__ == "__main__":
    main()

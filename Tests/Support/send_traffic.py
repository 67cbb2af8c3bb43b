#!/usr/bin/env python3
"""A bounded traffic generator: COUNT requests at RATE per second to a REST API stage of the
emulator, through its loopback execute-api path (controller/ballast_emulator/execute_api.py).

Usage: send_traffic.py ENDPOINT REGION API_NAME STAGE METHOD PATH --count N --rate R [--max-seconds S]

Sends to 127.0.0.1 only, one request at a time at a steady rate: one every 1/RATE seconds, and
after a slow answer the next at once (no burst makes up for lost time). Stops after COUNT
requests, after MAX_SECONDS (at most 600), or on SIGTERM or SIGINT, whichever comes first, and
prints one JSON object:

    {"sent": N, "statuses": {"200": n, "502": m}, "began": EPOCH, "ended": EPOCH,
     "failedAt": [EPOCH, …]}

`failedAt` holds the moment (epoch seconds, when the answer came) of each answer with a status
of 500 or more, so a test can tell how many users got a bad answer before a rollback.
"""
import argparse
import json
import signal
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import boto3

LONGEST_SECONDS = 600


def main() -> None:
    parser = argparse.ArgumentParser()
    for name in ("endpoint", "region", "api_name", "stage", "method", "path"):
        parser.add_argument(name)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--rate", type=float, required=True)
    parser.add_argument("--max-seconds", type=float, default=60)
    args = parser.parse_args()
    if urllib.parse.urlparse(args.endpoint).hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit(f"send_traffic.py: {args.endpoint} is not a loopback address")
    if args.count < 0 or args.rate <= 0 or not 0 < args.max_seconds <= LONGEST_SECONDS:
        sys.exit(f"send_traffic.py: --count must be 0 or more, --rate over 0, --max-seconds over 0 and at most "
                 f"{LONGEST_SECONDS}")
    stopped = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stopped.set())
    gateway = boto3.client("apigateway", endpoint_url=args.endpoint, region_name=args.region,
                           aws_access_key_id="testing", aws_secret_access_key="testing")
    api = next(a["id"] for a in gateway.get_rest_apis()["items"] if a["name"] == args.api_name)
    url = f"{args.endpoint}/restapis/{api}/{args.stage}/_user_request_{args.path}"
    statuses: dict[str, int] = {}
    failed_at: list[float] = []
    began_epoch = time.time()
    began = time.monotonic()
    sent = 0
    due = began
    while sent < args.count and not stopped.is_set() and time.monotonic() - began < args.max_seconds:
        request = urllib.request.Request(url, method=args.method)
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                status = answer.status
        except urllib.error.HTTPError as error:
            status = error.code
        if status >= 500:
            failed_at.append(time.time())
        statuses[str(status)] = statuses.get(str(status), 0) + 1
        sent += 1
        due = max(due + 1 / args.rate, time.monotonic())
        stopped.wait(max(0.0, due - time.monotonic()))
    print(json.dumps({"sent": sent, "statuses": statuses, "began": began_epoch, "ended": time.time(),
                      "failedAt": failed_at}), flush=True)


if __name__ == "__main__":
    main()

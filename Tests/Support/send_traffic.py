#!/usr/bin/env python3
"""A bounded traffic generator: COUNT requests at RATE per second to a REST API stage of the
emulator, through its loopback execute-api path (controller/ballast_emulator/execute_api.py).

Usage: send_traffic.py ENDPOINT REGION API_NAME STAGE METHOD PATH --count N --rate R [--max-seconds S]

Sends to 127.0.0.1 only; stops after COUNT requests or MAX_SECONDS, whichever comes first, and
prints one JSON object: {"sent": N, "statuses": {"200": n, "502": m}}.
"""
import argparse
import json
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import boto3


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
    gateway = boto3.client("apigateway", endpoint_url=args.endpoint, region_name=args.region,
                           aws_access_key_id="testing", aws_secret_access_key="testing")
    api = next(a["id"] for a in gateway.get_rest_apis()["items"] if a["name"] == args.api_name)
    url = f"{args.endpoint}/restapis/{api}/{args.stage}/_user_request_{args.path}"
    statuses: dict[str, int] = {}
    began = time.monotonic()
    sent = 0
    while sent < args.count and time.monotonic() - began < args.max_seconds:
        request = urllib.request.Request(url, method=args.method)
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                status = answer.status
        except urllib.error.HTTPError as error:
            status = error.code
        statuses[str(status)] = statuses.get(str(status), 0) + 1
        sent += 1
        time.sleep(max(0.0, began + sent / args.rate - time.monotonic()))
    print(json.dumps({"sent": sent, "statuses": statuses}))


if __name__ == "__main__":
    main()

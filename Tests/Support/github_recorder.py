#!/usr/bin/env python3
"""A loopback HTTP server standing in for the GitHub API (or a notification receiver) in tests:
answers every request with 201 and records it (method, path, Authorization header, the
X-Ballast-* headers, JSON body and raw body) as one JSON line in --log.

    github_recorder.py --port 0 --log statuses.jsonl [--fail-first N] [--status S] [--hang SECONDS]
--fail-first N answers the first N requests 500 (recorded all the same); --status S answers
every other request with S; --hang SECONDS waits that long before answering each request.
Prints "github-recorder listening on http://127.0.0.1:PORT" once it accepts connections.
"""
import argparse
import json
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--log", required=True)
    parser.add_argument("--fail-first", type=int, default=0)
    parser.add_argument("--status", type=int, default=201)
    parser.add_argument("--hang", type=float, default=0)
    args = parser.parse_args()
    lock = threading.Lock()
    seen = [0]

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *arguments):
            pass

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            try:
                parsed = json.loads(body) if body else None
            except ValueError:
                parsed = body.decode("utf-8", "replace")
            ballast = {name.lower(): value for name, value in self.headers.items()
                       if name.lower().startswith("x-ballast-")}
            entry = {"method": self.command, "path": self.path,
                     "authorization": self.headers.get("Authorization"), "body": parsed,
                     "headers": ballast, "raw": body.decode("utf-8", "replace")}
            with lock, open(args.log, "a") as log:
                log.write(json.dumps(entry, sort_keys=True) + "\n")
                seen[0] += 1
                status = 500 if seen[0] <= args.fail_first else args.status
            if args.hang:
                time.sleep(args.hang)
            answer = b'{"state": "recorded"}'
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown, daemon=True).start())
    print(f"github-recorder listening on http://127.0.0.1:{server.server_address[1]}", flush=True)
    server.serve_forever()
    sys.exit(0)


if __name__ == "__main__":
    main()

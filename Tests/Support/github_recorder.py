#!/usr/bin/env python3
"""A loopback HTTP server standing in for the GitHub API (or a notification receiver) in tests:
records every request (method, path, Authorization header, the X-Ballast-* headers, JSON body
and raw body) as one JSON line in --log, and answers:

- GET /repos/{owner}/{repo}/pulls: the pull requests in the JSON list of --pulls FILE (read
  again for every request, so a test can change it between pushes) whose base.ref is the query's
  `base` (all without one), `per_page` at a time (at most --page-size), with GitHub's `Link`
  header pointing at the next page;
- GET /repos/{owner}/{repo}/issues/{n}/comments: the comments on n, kept in memory, paged alike;
- POST /repos/{owner}/{repo}/issues/{n}/comments: a new comment (201, with its id);
- PATCH /repos/{owner}/{repo}/issues/comments/{id}: the comment's body replaced (200; 404 for
  an id it does not know);
- any other POST: 201 (commit statuses, notifications), or as the options below say.

    github_recorder.py --port 0 --log statuses.jsonl [--pulls pulls.json] [--page-size N]
                       [--hang-pulls SECONDS] [--link-host HOST:PORT]
                       [--fail-first N] [--status S] [--hang SECONDS]
--link-host HOST:PORT makes the Link header point at another host (a redirect of the token);
--hang-pulls SECONDS waits that long before answering each GET of the pull requests;
--fail-first N answers the first N other POSTs 500 (recorded all the same); --status S answers
every other such POST with S; --hang SECONDS waits that long before answering each of them.
Prints "github-recorder listening on http://127.0.0.1:PORT" once it accepts connections.
"""
import argparse
import json
import re
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

PULLS = re.compile(r"^/repos/[^/]+/[^/]+/pulls$")
ISSUE_COMMENTS = re.compile(r"^/repos/[^/]+/[^/]+/issues/(\d+)/comments$")
COMMENT = re.compile(r"^/repos/[^/]+/[^/]+/issues/comments/(\d+)$")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--log", required=True)
    parser.add_argument("--pulls")
    parser.add_argument("--page-size", type=int, default=100)
    parser.add_argument("--hang-pulls", type=float, default=0)
    parser.add_argument("--link-host")
    parser.add_argument("--fail-first", type=int, default=0)
    parser.add_argument("--status", type=int, default=201)
    parser.add_argument("--hang", type=float, default=0)
    args = parser.parse_args()
    lock = threading.Lock()
    seen = [0]
    comments = {}  # issue number -> [{"id", "body"}]
    next_id = [1000]

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *arguments):
            pass

        def record(self, body):
            try:
                parsed = json.loads(body) if body else None
            except ValueError:
                parsed = body.decode("utf-8", "replace")
            ballast = {name.lower(): value for name, value in self.headers.items()
                       if name.lower().startswith("x-ballast-")}
            entry = {"method": self.command, "path": self.path,
                     "authorization": self.headers.get("Authorization"), "body": parsed,
                     "headers": ballast, "raw": body.decode("utf-8", "replace")}
            with open(args.log, "a") as log:
                log.write(json.dumps(entry, sort_keys=True) + "\n")
            return parsed

        def read_body(self):
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length else b""

        def answer(self, status, value, headers=()):
            data = json.dumps(value).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, content in headers:
                self.send_header(name, content)
            self.end_headers()
            self.wfile.write(data)

        def page(self, items, url):
            query = parse_qs(url.query)
            size = max(1, min(args.page_size, int(query.get("per_page", ["30"])[0])))
            number = max(1, int(query.get("page", ["1"])[0]))
            chosen = items[(number - 1) * size:number * size]
            headers = []
            if number * size < len(items):
                flat = {key: values[0] for key, values in query.items()}
                flat["page"] = str(number + 1)
                target = f"http://{args.link_host or self.headers.get('Host')}{url.path}?{urlencode(flat)}"
                headers.append(("Link", f'<{target}>; rel="next"'))
            self.answer(200, chosen, headers)

        def do_GET(self):
            url = urlsplit(self.path)
            with lock:
                self.record(b"")
            if args.hang_pulls and PULLS.match(url.path):
                time.sleep(args.hang_pulls)
            with lock:
                if PULLS.match(url.path):
                    pulls = []
                    if args.pulls:
                        try:
                            with open(args.pulls) as file:
                                pulls = json.load(file)
                        except FileNotFoundError:
                            pulls = []
                    base = parse_qs(url.query).get("base", [None])[0]
                    pulls = [pull for pull in pulls if base is None or pull["base"]["ref"] == base]
                    return self.page(pulls, url)
                match = ISSUE_COMMENTS.match(url.path)
                if match:
                    return self.page(comments.get(int(match.group(1)), []), url)
            self.answer(404, {"message": "Not Found"})

        def do_PATCH(self):
            body = self.read_body()
            with lock:
                parsed = self.record(body)
                match = COMMENT.match(urlsplit(self.path).path)
                if match:
                    wanted = int(match.group(1))
                    for thread in comments.values():
                        for comment in thread:
                            if comment["id"] == wanted:
                                comment["body"] = (parsed or {}).get("body", "")
                                return self.answer(200, comment)
            self.answer(404, {"message": "Not Found"})

        def do_POST(self):
            body = self.read_body()
            with lock:
                parsed = self.record(body)
                match = ISSUE_COMMENTS.match(urlsplit(self.path).path)
                if match:
                    next_id[0] += 1
                    comment = {"id": next_id[0], "body": (parsed or {}).get("body", "")}
                    comments.setdefault(int(match.group(1)), []).append(comment)
                    return self.answer(201, comment)
                seen[0] += 1
                status = 500 if seen[0] <= args.fail_first else args.status
            if args.hang:
                time.sleep(args.hang)
            self.answer(status, {"state": "recorded"})

    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown, daemon=True).start())
    print(f"github-recorder listening on http://127.0.0.1:{server.server_address[1]}", flush=True)
    server.serve_forever()
    sys.exit(0)


if __name__ == "__main__":
    main()

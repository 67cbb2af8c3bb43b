#!/usr/bin/env python3
"""A loopback Git smart-HTTP server for tests: `git http-backend` (the real server side of Git
over HTTP) behind HTTP basic authentication. Every request without the right credentials gets
401; fetch and push (receive-pack, for status notes) work with them.

    git_http_server.py --port 0 --root DIR --user ballast --password-file FILE [--token-file FILE] --log LOG

Credentials: user --user with the password in --password-file, or (with --token-file) the token
as the user name and any password, as forges accept `https://TOKEN@host/…`. --log gets one line
per request: method, path, the user name offered (never the password) and the answer's status.
Prints "git-http-server listening on http://127.0.0.1:PORT" once it accepts connections.
"""
import argparse
import base64
import os
import signal
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


def read_secret(path):
    with open(path, encoding="utf-8") as handle:
        return handle.read().strip("\n")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--root", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password-file", required=True)
    parser.add_argument("--token-file")
    parser.add_argument("--log", required=True)
    args = parser.parse_args()
    password = read_secret(args.password_file)
    token = read_secret(args.token_file) if args.token_file else None
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def log_message(self, *arguments):
            pass

        def record(self, user, status):
            with lock, open(args.log, "a") as log:
                log.write(f"{self.command} {self.path} user={user or '-'} {status}\n")

        def body(self):
            if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                data = b""
                while True:
                    size = int(self.rfile.readline().strip().split(b";")[0], 16)
                    if size == 0:
                        while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                            pass
                        return data
                    data += self.rfile.read(size)
                    self.rfile.readline()
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length else b""

        def authorised(self):
            header = self.headers.get("Authorization") or ""
            if not header.startswith("Basic "):
                return None, False
            try:
                user, _, offered = base64.b64decode(header[6:]).decode("utf-8").partition(":")
            except ValueError:
                return None, False
            if user == args.user and offered == password:
                return user, True
            return user, token is not None and user == token

        def handle_git(self):
            data = self.body()
            user, ok = self.authorised()
            if not ok:
                self.record("(token)" if token and user == token else user, 401)
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="git"')
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            parts = urlsplit(self.path)
            environment = dict(os.environ)
            environment.update({
                "GIT_PROJECT_ROOT": args.root, "GIT_HTTP_EXPORT_ALL": "1", "PATH_INFO": parts.path,
                "QUERY_STRING": parts.query, "REQUEST_METHOD": self.command,
                "CONTENT_TYPE": self.headers.get("Content-Type") or "", "CONTENT_LENGTH": str(len(data)),
                "REMOTE_USER": "ballast", "REMOTE_ADDR": "127.0.0.1", "GIT_CONFIG_NOSYSTEM": "1",
            })
            result = subprocess.run(["git", "http-backend"], input=data, capture_output=True, env=environment)
            head, _, payload = result.stdout.partition(b"\r\n\r\n")
            if not _:
                head, _, payload = result.stdout.partition(b"\n\n")
            status = 200
            headers = []
            for line in head.decode("latin-1").splitlines():
                name, _, value = line.partition(":")
                if name.lower() == "status":
                    status = int(value.strip().split()[0])
                elif name:
                    headers.append((name, value.strip()))
            self.record("ballast" if user == args.user else "(token)", status)
            self.send_response(status)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = handle_git
        do_POST = handle_git

    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"git-http-server listening on http://127.0.0.1:{server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()

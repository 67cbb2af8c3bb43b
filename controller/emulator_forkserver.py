"""A fork server for controller/aws-emulator: one process imports moto and botocore's models
once, and every emulator after it is a fork of that process instead of a fresh Python.

Starting an emulator costs about 1.3 s of CPU before it serves a request: importing moto
(every backend, since CloudFormation's parser imports them all) and reading botocore's JSON
models for the judge. Test suites start hundreds of emulators, and on CI's two cores that
import was about two fifths of all the CPU the suite used. A fork starts in milliseconds.

How it is used (CI does this in .ci/test):

    controller/aws-emulator --forkserver SOCKET &         # imports, then listens on SOCKET
    BALLAST_EMULATOR_FORKSERVER=SOCKET controller/aws-emulator --port 0 ...

With the variable set, aws-emulator first asks the server on SOCKET for an emulator. The
request carries the arguments, the working directory, the environment and the standard
input, output and error (passed as file descriptors), so the forked emulator prints its
ready line and its log where the asking process would have. The asking process stays as a
stand-in for the emulator: SIGTERM and SIGINT sent to it are passed on, and it exits with
the emulator's status. If the asking process is killed (SIGKILL), the emulator sees its
connection close and stops, so no emulator outlives the process a test started.

Anything the server cannot serve exactly as a fresh start would is refused, and
aws-emulator then starts as it always did: another checkout's aws-emulator, emulator code
changed since the server imported it, or an environment that differs in a variable moto
reads at import (those below). A server that is
not there, or not answering, is the same as no server. Nothing here imports moto: the asking
side must stay cheap.
"""
import json
import os
import random
import signal
import socket
import sys
import threading

VARIABLE = "BALLAST_EMULATOR_FORKSERVER"

# Read by moto when it is imported (moto/settings.py), so fixed for every fork.
IMPORT_TIME_VARIABLES = (
    "TEST_SERVER_MODE",
    "DEFAULT_CONTAINER_REGISTRY",
    "MOTO_ACM_VALIDATION_WAIT",
    "MOTO_ENABLE_AMI_VALIDATION",
    "MOTO_PRETTIFY_RESPONSES",
    "MOTO_DISABLE_GLOBAL_CORS",
    "TESTS_SKIP_REQUIRES_DOCKER",
    "MOTO_LAMBDA_DATA_DIR",
)

# Longest a request for a fork may wait for the server's first answer before starting alone.
CONNECT_TIMEOUT_SECONDS = 10.0
# How long a forked emulator whose asking process died may take to stop before it is ended.
ORPHAN_GRACE_SECONDS = 5.0


def _code_version(script: str) -> tuple:
    """When the emulator's own code last changed: aws-emulator and every module beside it."""
    folder = os.path.dirname(script)
    stamps = []
    for directory, _, files in os.walk(folder):
        if "__pycache__" in directory or os.sep + "tests" in directory[len(folder):]:
            continue
        stamps += [(name, os.stat(os.path.join(directory, name)).st_mtime_ns) for name in sorted(files)
                   if name.endswith(".py") or name == "aws-emulator"]
    return tuple(stamps)


def _send(connection: socket.socket, message: dict, fds: list[int] | None = None) -> None:
    data = (json.dumps(message) + "\n").encode()
    if fds:
        socket.send_fds(connection, [data], fds)
    else:
        connection.sendall(data)


def _receive(reader) -> dict | None:
    line = reader.readline()
    return json.loads(line) if line else None


# ---------------------------------------------------------------------------------------------
# The asking side (a plain aws-emulator start with the variable set)


def serve_through(path: str | None, script: str, arguments: list[str]) -> int | None:
    """Runs the emulator of `arguments` as a fork of the server at `path` and returns its exit
    status; None when there is no server or it refused (the caller then starts alone)."""
    if not path:
        return None
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    connection.settimeout(CONNECT_TIMEOUT_SECONDS)
    try:
        connection.connect(path)
        _send(connection, {"script": os.path.realpath(script), "arguments": arguments, "cwd": os.getcwd(),
                           "environment": dict(os.environ)}, [0, 1, 2])
        reader = connection.makefile("r", encoding="utf-8")
        answer = _receive(reader)
    except OSError:
        connection.close()
        return None
    if not answer or "pid" not in answer:
        connection.close()
        return None
    pid = answer["pid"]
    connection.settimeout(None)

    def forward(signum, frame):  # noqa: ARG001
        try:
            os.kill(pid, signum)
        except ProcessLookupError:
            pass

    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, forward)
    # Python retries the read after a forwarded signal (PEP 475); a reset connection is the
    # same as a closed one.
    try:
        ended = _receive(reader)
    except OSError:
        ended = None
    # No exit message: the emulator was killed before it could send one.
    return ended["status"] if ended else 128 + signal.SIGKILL


# ---------------------------------------------------------------------------------------------
# The server


def run_server(path: str, script: str, emulator_main) -> None:
    """Listens on `path` and forks one emulator per request; `emulator_main(arguments)` runs
    one emulator in the fork. Everything the emulators share must be imported before this."""
    if threading.active_count() != 1:
        sys.exit("aws-emulator --forkserver: threads are running; forking now would be unsafe")
    own_script = os.path.realpath(script)
    code_version = _code_version(own_script)
    imported = {name: os.environ.get(name) for name in IMPORT_TIME_VARIABLES}
    if os.path.exists(path):
        os.unlink(path)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(64)
    # Forks are reaped by the kernel; each reports its own exit to its asking process.
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    stopping = False

    def stop(signum, frame):  # noqa: ARG001
        nonlocal stopping
        stopping = True
        listener.close()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"aws-emulator fork server listening on {path}", flush=True)
    while not stopping:
        try:
            connection, _ = listener.accept()
        except OSError:
            break
        try:
            connection.settimeout(CONNECT_TIMEOUT_SECONDS)
            data, fds, _, _ = socket.recv_fds(connection, 1 << 20, 3)
            while data and not data.endswith(b"\n"):
                more = connection.recv(1 << 20)
                if not more:
                    break
                data += more
            connection.settimeout(None)
            request = json.loads(data.split(b"\n", 1)[0])
        except (OSError, ValueError):
            connection.close()
            continue
        environment = request.get("environment", {})
        refusal = None
        if request.get("script") != own_script:
            refusal = f"another checkout's aws-emulator ({request.get('script')})"
        elif _code_version(own_script) != code_version:
            refusal = "the emulator's code changed since this server imported it"
        elif len(fds) != 3:
            refusal = "standard input, output and error were not passed"
        elif any(environment.get(name) != value for name, value in imported.items()):
            refusal = "a variable moto reads at import differs"
        if refusal:
            print(f"aws-emulator fork server: refused a start: {refusal}", flush=True)
            _send(connection, {"refused": refusal})
            connection.close()
            for fd in fds:
                os.close(fd)
            continue
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            listener.close()
            _run_fork(connection, fds, request, emulator_main)  # never returns
        print(f"aws-emulator fork server: emulator {pid} forked for {' '.join(request['arguments'])}", flush=True)
        connection.close()
        for fd in fds:
            os.close(fd)
    if os.path.exists(path):
        os.unlink(path)


def _run_fork(connection: socket.socket, fds: list[int], request: dict, emulator_main) -> None:
    """In the fork: becomes the asked-for emulator, then reports its exit status."""
    status = 1
    try:
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["environment"])
        sys.argv = [request["script"], *request["arguments"]]
        # Every fork would otherwise draw the same "random" identifiers as its siblings.
        random.seed()
        _send(connection, {"pid": os.getpid()})
        threading.Thread(target=_stop_when_orphaned, args=(connection,), daemon=True).start()
        status = emulator_main(request["arguments"]) or 0
    except SystemExit as exit:
        status = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
    except BaseException:  # noqa: BLE001  (report it as a fresh start would, then exit 1)
        import traceback

        traceback.print_exc()
        status = 1
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
            _send(connection, {"status": status})
        except OSError:
            pass
        os._exit(status)


def _stop_when_orphaned(connection: socket.socket) -> None:
    """Stops this emulator when its asking process is gone (its end of the connection closed)."""
    try:
        while connection.recv(1024):
            pass
    except OSError:
        pass
    os.kill(os.getpid(), signal.SIGTERM)
    threading.Event().wait(ORPHAN_GRACE_SECONDS)
    os._exit(1)

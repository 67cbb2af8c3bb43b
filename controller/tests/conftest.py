"""Starts controller/aws-emulator once per test session and hands out boto3 clients for it.

The emulator runs as a subprocess on a free loopback port and is reached over
HTTP, exactly as Ballast, the demo and CI reach it.
"""
import contextlib
import os
import queue
import subprocess
import sys
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import boto3
import pytest

EMULATOR = Path(__file__).resolve().parents[1] / "aws-emulator"
REGION = "us-east-1"
STARTUP_SECONDS = 60


def _copy_output(process: subprocess.Popen, log: Path, lines: "queue.Queue[str | None]") -> None:
    with log.open("w", buffering=1) as out:
        for line in process.stdout:
            out.write(line)
            lines.put(line)
    lines.put(None)  # the process has exited


@contextlib.contextmanager
def running_emulator(directory: Path, violations: Path, *arguments: str) -> Iterator[str]:
    """controller/aws-emulator on a free port (with `arguments`), recording what its judge finds
    in `violations`."""
    process = subprocess.Popen(
        [sys.executable, str(EMULATOR), "--port", "0", *arguments],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "BALLAST_EMULATOR_VIOLATIONS": str(violations)},
    )
    # One thread copies the emulator's output (requests, tracebacks of 500s) into a log
    # file for the whole session, so the server never blocks on a full pipe, and hands
    # its lines to the queue until the ready line has been seen.
    log = directory / "emulator.log"
    lines: queue.Queue[str | None] = queue.Queue()
    threading.Thread(target=_copy_output, args=(process, log, lines), daemon=True).start()
    try:
        while (line := lines.get(timeout=STARTUP_SECONDS)) is not None:
            if line.startswith("aws-emulator listening on "):
                break
        else:
            pytest.fail(f"aws-emulator exited before it listened; see {log}")
    except queue.Empty:
        process.kill()
        pytest.fail(f"aws-emulator did not listen within {STARTUP_SECONDS}s; see {log}")
    url = line.split(" on ", 1)[1].strip()
    print(f"aws-emulator at {url}, log in {log}")
    yield url
    process.terminate()
    assert process.wait(timeout=10) == 0, "aws-emulator did not exit cleanly on SIGTERM"


def _judged_emulator(tmp_path_factory: pytest.TempPathFactory, *arguments: str) -> Iterator[str]:
    """An emulator of the session. Every request boto3 sends it is valid by construction, so
    its judge (ballast_emulator/judgement.py) must find no violation in the whole session; they
    are also appended to $BALLAST_EMULATOR_VIOLATIONS when that is set."""
    directory = tmp_path_factory.mktemp("aws-emulator")
    violations = directory / "violations.jsonl"
    with running_emulator(directory, violations, *arguments) as url:
        yield url
    found = violations.read_text().splitlines() if violations.exists() else []
    if shared := os.environ.get("BALLAST_EMULATOR_VIOLATIONS"):
        with open(shared, "a", encoding="utf-8") as out:
            out.writelines(line + "\n" for line in found)
    assert found == [], f"{len(found)} requests of the session broke botocore's model: {found[:5]}"


@pytest.fixture(scope="session")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The session's emulator, with the `instant` latency profile: most tests check what moto's
    answers hold, not when (`fast_endpoint` is the emulator's default profile). Its alarms are
    not evaluated (`--no-evaluate-alarms`): test_alarm.py checks states set by hand and a new
    alarm's INSUFFICIENT_DATA, which evaluation would change within a tick; the evaluation
    itself is tested on `evaluating_endpoint`."""
    yield from _judged_emulator(tmp_path_factory, "--latency", "instant", "--no-evaluate-alarms")


@pytest.fixture(scope="session")
def fast_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An emulator with the `fast` latency profile (the emulator's default): asynchronous
    operations take a while."""
    yield from _judged_emulator(tmp_path_factory, "--latency", "fast")


@pytest.fixture(scope="session")
def evaluating_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An emulator that evaluates alarms from their metrics, its clock 60 times real time:
    an alarm's 60-second period passes in one real second. `instant`: its tests are about
    alarms, and publish versions of functions they have just made."""
    yield from _judged_emulator(
        tmp_path_factory, "--latency", "instant", "--evaluate-alarms", "--clock-rate", "60")


def _clients(endpoint: str) -> Callable[[str], object]:
    session = boto3.session.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION
    )
    return lambda service: session.client(service, endpoint_url=endpoint)


@pytest.fixture(scope="session")
def aws(endpoint: str) -> Callable[[str], object]:
    """aws("cloudformation") → a boto3 client for that service on the emulator."""
    return _clients(endpoint)


@pytest.fixture(scope="session")
def fast_aws(fast_endpoint: str) -> Callable[[str], object]:
    """As `aws`, on the emulator with the `fast` latency profile."""
    return _clients(fast_endpoint)


@pytest.fixture(scope="session")
def evaluating_aws(evaluating_endpoint: str) -> Callable[[str], object]:
    """As `aws`, on the emulator that evaluates alarms (clock 60 times real time)."""
    return _clients(evaluating_endpoint)


@pytest.fixture
def name() -> str:
    """A fresh name per test, so tests sharing the session's emulator never collide."""
    return "t" + uuid.uuid4().hex[:10]

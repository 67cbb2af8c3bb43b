"""The emulator's fork server (controller/emulator_forkserver.py): an emulator started with
$BALLAST_EMULATOR_FORKSERVER is a fork of the server, serves as a fresh one does, stops and
reports its status through the process that asked for it, does not outlive that process, and
a start the server cannot serve exactly falls back to a fresh one."""
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import boto3
import pytest

from conftest import EMULATOR, REGION

READY = "aws-emulator listening on "


@pytest.fixture(scope="module")
def forkserver(tmp_path_factory: pytest.TempPathFactory):
    """A fork server on a fresh socket; yields (socket path, its log file)."""
    directory = tmp_path_factory.mktemp("forkserver")
    path = directory / "emulator.sock"
    log = directory / "forkserver.log"
    environment = {k: v for k, v in os.environ.items() if k != "BALLAST_EMULATOR_FORKSERVER"}
    with log.open("w") as out:
        server = subprocess.Popen([sys.executable, str(EMULATOR), "--forkserver", str(path)],
                                  stdout=out, stderr=subprocess.STDOUT, env=environment)
    deadline = time.monotonic() + 60
    while not path.exists():
        assert server.poll() is None, log.read_text()
        assert time.monotonic() < deadline, "the fork server did not listen within 60 s"
        time.sleep(0.05)
    yield path, log
    server.terminate()
    assert server.wait(timeout=10) == 0
    assert not path.exists(), "the fork server left its socket behind"


def start(path: Path, **extra: str) -> tuple[subprocess.Popen, str]:
    environment = {**os.environ, "BALLAST_EMULATOR_FORKSERVER": str(path), **extra}
    process = subprocess.Popen([sys.executable, str(EMULATOR), "--port", "0", "--latency", "instant"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=environment)
    line = process.stdout.readline()
    assert line.startswith(READY), f"no ready line, got {line!r}"
    return process, line[len(READY):].strip()


def listening(url: str) -> bool:
    host, port = url.removeprefix("http://").split(":")
    with socket.socket() as probe:
        return probe.connect_ex((host, int(port))) == 0


def forked(log: Path) -> list[str]:
    return [line for line in log.read_text().splitlines() if " forked for " in line]


def test_a_forked_emulator_serves_and_stops_cleanly(forkserver):
    path, log = forkserver
    before = len(forked(log))
    process, url = start(path)
    assert len(forked(log)) == before + 1, log.read_text()
    client = boto3.client("cloudformation", endpoint_url=url, region_name=REGION,
                          aws_access_key_id="testing", aws_secret_access_key="testing")
    client.create_stack(StackName="forked", TemplateBody='{"Resources": {"T": {"Type": "AWS::SNS::Topic"}}}')
    assert [s["StackName"] for s in client.describe_stacks()["Stacks"]] == ["forked"]
    process.terminate()
    assert process.wait(timeout=10) == 0
    assert not listening(url)


def test_forks_share_no_state(forkserver):
    path, _ = forkserver
    first, first_url = start(path)
    second, second_url = start(path)
    try:
        clients = [boto3.client("sns", endpoint_url=url, region_name=REGION, aws_access_key_id="testing",
                                aws_secret_access_key="testing") for url in (first_url, second_url)]
        clients[0].create_topic(Name="only-in-the-first")
        assert [t["TopicArn"].rsplit(":", 1)[1] for t in clients[0].list_topics()["Topics"]] == ["only-in-the-first"]
        assert clients[1].list_topics()["Topics"] == []
    finally:
        for process in (first, second):
            process.terminate()
            process.wait(timeout=10)


def test_an_emulator_whose_asking_process_is_killed_stops(forkserver):
    path, _ = forkserver
    process, url = start(path)
    assert listening(url)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    deadline = time.monotonic() + 10
    while listening(url):
        assert time.monotonic() < deadline, "the forked emulator outlived the process that asked for it"
        time.sleep(0.1)


def assert_fresh_start(path: Path, log: Path, reason: str, **extra: str) -> None:
    """A start the server refuses for `reason` runs as a fresh emulator, and stops cleanly."""
    before = len(forked(log))
    process, url = start(path, **extra)
    try:
        assert len(forked(log)) == before, f"a start that should be refused ({reason}) was forked"
        assert f"refused a start: {reason}" in log.read_text()
        assert listening(url)
    finally:
        process.terminate()
        assert process.wait(timeout=10) == 0


def test_a_start_with_a_different_import_time_setting_is_a_fresh_one(forkserver):
    path, log = forkserver
    assert_fresh_start(path, log, "a variable moto reads at import differs", MOTO_PRETTIFY_RESPONSES="1")


def test_a_start_after_the_code_changed_is_a_fresh_one(forkserver):
    path, log = forkserver
    module = EMULATOR.parent / "emulator_forkserver.py"
    stamp = module.stat()
    os.utime(module, ns=(stamp.st_atime_ns, stamp.st_mtime_ns + 1_000_000_000))
    try:
        assert_fresh_start(path, log, "the emulator's code changed since this server imported it")
    finally:
        os.utime(module, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))


def test_no_server_at_the_socket_is_a_fresh_start(tmp_path: Path):
    process, url = start(tmp_path / "nobody-listens.sock")
    try:
        assert listening(url)
    finally:
        process.terminate()
        assert process.wait(timeout=10) == 0

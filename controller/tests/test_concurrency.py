"""Concurrent calls are applied one at a time, as AWS applies each call atomically.

moto's backends are not thread-safe. IAM is one backend for all regions, and Lambda
checks a function's role by iterating over every IAM role; when another request adds
a role meanwhile, the check fails with "dictionary changed size during iteration" (a
500). Ballast reconciles stages concurrently, so two regions' compute stacks met exactly
there in the CI benchmark run: the error struck halfway through a stack, and the retried
ExecuteChangeSet marked the stack complete with most functions missing. The race needs
an unlucky thread switch, too rare to reproduce on demand, so the serialising wrapper
the emulator puts around moto is tested here on its own.
"""
import importlib.machinery
import importlib.util
import threading
import time
from pathlib import Path

EMULATOR = Path(__file__).resolve().parents[1] / "aws-emulator"


def emulator_module():
    loader = importlib.machinery.SourceFileLoader("aws_emulator", str(EMULATOR))
    spec = importlib.util.spec_from_loader("aws_emulator", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def test_requests_on_many_threads_reach_moto_one_at_a_time():
    inside, most = 0, 0
    counter = threading.Lock()

    def slow_app(environ, start_response):
        nonlocal inside, most
        with counter:
            inside += 1
            most = max(most, inside)
        time.sleep(0.01)  # long enough for every other thread to try to enter
        start_response("200 OK", [])
        yield environ["PATH_INFO"].encode()
        with counter:
            inside -= 1

    app = emulator_module().OneRequestAtATime(slow_app)
    bodies: list[bytes] = []

    def call(index: int) -> None:
        bodies.append(b"".join(app({"PATH_INFO": f"/{index}"}, lambda status, headers: None)))

    threads = [threading.Thread(target=call, args=(index,)) for index in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most == 1
    assert sorted(bodies) == sorted(f"/{index}".encode() for index in range(8))

"""How long the emulator's asynchronous AWS operations take: the `--latency` profile.

`controller/aws-emulator --latency instant|fast` picks one for the process (default
`instant` until every suite runs against `fast`; issue 16 makes `fast` the default):

- `instant`: moto's behaviour, everything done when the call returns;
- `fast`: a few hundred milliseconds per operation, so a caller sees every in-progress
  state and what AWS refuses in it, without making a test suite slow.

A `realistic` profile with AWS's own figures is not here yet: it needs timings measured
on AWS or published by it, cited, and none are at hand.
"""
import os
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class LatencyProfile:
    """The delays of one profile, in seconds."""

    name: str
    lambda_settle_seconds: float


PROFILES = {
    "instant": LatencyProfile("instant", lambda_settle_seconds=0.0),
    "fast": LatencyProfile("fast", lambda_settle_seconds=0.3),
}

_ENVIRONMENT = "BALLAST_EMULATOR_LATENCY"
_LAMBDA_SETTLE = "BALLAST_EMULATOR_LAMBDA_SETTLE"


def select(name: str, lambda_settle_seconds: float | None = None) -> LatencyProfile:
    """Makes `name` the profile of this process, optionally with its own Lambda window (a
    test that must see a function Pending longer than its own steps take)."""
    if name not in PROFILES:
        raise ValueError(f"unknown latency profile {name!r}; allowed: {', '.join(PROFILES)}")
    os.environ[_ENVIRONMENT] = name
    if lambda_settle_seconds is not None:
        os.environ[_LAMBDA_SETTLE] = str(lambda_settle_seconds)
    return current()


def current() -> LatencyProfile:
    """The profile in force: the one selected, else `instant`."""
    profile = PROFILES.get(os.environ.get(_ENVIRONMENT, "instant"), PROFILES["instant"])
    if _LAMBDA_SETTLE in os.environ:
        profile = replace(profile, lambda_settle_seconds=float(os.environ[_LAMBDA_SETTLE]))
    return profile

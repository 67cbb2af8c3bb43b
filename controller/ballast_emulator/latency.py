"""How long the emulator's asynchronous AWS operations take: the `--latency` profile.

`controller/aws-emulator --latency instant|fast` picks one for the process (default
`fast`, which `controller/aws-emulator` uses unless told otherwise; the package alone, as in
a process that never selects one, stays `instant`):

- `instant`: moto's behaviour, everything done when the call returns;
- `fast`: tens to a few hundred milliseconds per operation and per stack resource, so a
  caller sees every in-progress state and what AWS refuses in it, without making a test
  suite slow.

A `realistic` profile with AWS's own figures is not here yet: it needs timings measured
on AWS or published by it, cited, and none are at hand.
"""
import os
from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class LatencyProfile:
    """The delays of one profile, in seconds."""

    name: str
    lambda_settle_seconds: float
    # Stacks (stack_progress.py): a resource of a type not listed takes the default; the gap
    # separates a stack's own events from its resources'; a change set is computed in
    # change_set_seconds (half CREATE_PENDING, half CREATE_IN_PROGRESS).
    stack_default_resource_seconds: float = 0.0
    stack_resource_seconds: dict[str, float] = field(default_factory=dict)
    stack_event_gap_seconds: float = 0.0
    change_set_seconds: float = 0.0


PROFILES = {
    "instant": LatencyProfile("instant", lambda_settle_seconds=0.0),
    # Tens to a few hundred milliseconds per resource, in the order of AWS's own ratios (a VPC
    # endpoint, a database or a function take longer than a subnet or a route): a stack of
    # Ballast's (a dependency chain 3-5 deep) takes well under 2 s.
    "fast": LatencyProfile(
        "fast", lambda_settle_seconds=0.3, stack_default_resource_seconds=0.05, stack_event_gap_seconds=0.02,
        change_set_seconds=0.2, stack_resource_seconds={
            "AWS::EC2::VPC": 0.1, "AWS::EC2::VPCEndpoint": 0.3, "AWS::EC2::NatGateway": 0.4,
            "AWS::IAM::Role": 0.2, "AWS::Lambda::Function": 0.3, "AWS::RDS::DBInstance": 0.4,
            "AWS::ApiGateway::Deployment": 0.1, "AWS::ApiGateway::Stage": 0.1,
            "AWS::SecretsManager::Secret": 0.1, "AWS::CloudWatch::Alarm": 0.05,
        }),
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

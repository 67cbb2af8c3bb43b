"""How long the emulator's asynchronous AWS operations take: the `--latency` profile.

`controller/aws-emulator --latency instant|fast|realistic` picks one for the process (the
emulator's default is `$BALLAST_EMULATOR_LATENCY`, else `fast`, so every test meets stacks and
functions in progress as on AWS; the package alone, as in a process that never selects one,
stays `instant`), and `--latency-scale FACTOR` multiplies every delay of it (`--latency
realistic --latency-scale 0.01`: AWS's proportions, a hundredth of its time):

- `instant`: moto's behaviour, everything done when the call returns;
- `fast`: tens to a few hundred milliseconds per operation and per stack resource, so a
  caller sees every in-progress state and what AWS refuses in it, without making a test
  suite slow;
- `realistic`: the time each resource type of Ballast's templates takes on AWS, from public
  measurements (CloudFormation stack events and Terraform apply logs quoted in GitHub
  issues) where one was found, else derived from a similar type and marked unsourced. Each
  figure, its source and what it measures is in the table "Latency profile `realistic`" of
  this package's README.md; `test_latency_realistic.py` checks that every type of the golden
  templates has one, and that the cited order holds.
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
    # Seconds per resource as measured on AWS (CloudFormation stack events where one was found,
    # else a Terraform apply log or AWS's documentation); README.md ("Latency profile
    # `realistic`") gives each figure's source and what it measures. "unsourced" marks a
    # figure derived from a similar type's.
    "realistic": LatencyProfile(
        # A function in a VPC (as all of Ballast's are) is Pending while Lambda provisions its
        # network interfaces, "about a minute" (Lambda's docs); the emulator gives an update the
        # same window, which no source gives for an update alone.
        "realistic", lambda_settle_seconds=60.0,
        stack_default_resource_seconds=2.0,  # unsourced: as a security group
        stack_event_gap_seconds=0.5,  # unsourced
        change_set_seconds=5.0,  # unsourced
        stack_resource_seconds={
            # EC2 networking
            "AWS::EC2::VPC": 16.5,
            "AWS::EC2::Subnet": 1.0,
            "AWS::EC2::RouteTable": 2.0,
            "AWS::EC2::SubnetRouteTableAssociation": 15.0,
            "AWS::EC2::SecurityGroup": 2.0,
            "AWS::EC2::VPCEndpoint": 120.0,  # unsourced
            "AWS::EC2::NatGateway": 300.0,
            # RDS
            "AWS::RDS::DBInstance": 600.0,
            "AWS::RDS::DBSubnetGroup": 2.0,
            "AWS::RDS::DBParameterGroup": 2.0,  # unsourced: as a DB subnet group
            # IAM, Lambda, logs
            "AWS::IAM::Role": 15.0,
            "AWS::Lambda::Function": 60.0,
            "AWS::Lambda::Permission": 0.5,  # unsourced: as a log group
            "AWS::Logs::LogGroup": 0.5,
            # API Gateway: unsourced, as a log group
            "AWS::ApiGateway::RestApi": 0.5, "AWS::ApiGateway::Resource": 0.5,
            "AWS::ApiGateway::Method": 0.5, "AWS::ApiGateway::Deployment": 0.5,
            "AWS::ApiGateway::Stage": 0.5,
            # Unsourced, as a log group
            "AWS::CloudWatch::Alarm": 0.5, "AWS::SNS::Topic": 0.5, "AWS::SNS::Subscription": 0.5,
            "AWS::SecretsManager::Secret": 0.5, "AWS::SecretsManager::SecretTargetAttachment": 0.5,
            "AWS::S3::Bucket": 2.0,  # unsourced: as a DB subnet group
        }),
}

_ENVIRONMENT = "BALLAST_EMULATOR_LATENCY"
_LAMBDA_SETTLE = "BALLAST_EMULATOR_LAMBDA_SETTLE"
_SCALE = "BALLAST_EMULATOR_LATENCY_SCALE"


def scaled(profile: LatencyProfile, factor: float) -> LatencyProfile:
    """`profile` with every delay multiplied by `factor` (its proportions kept)."""
    if factor <= 0:
        raise ValueError(f"a latency scale must be a positive number, not {factor!r}")
    return replace(
        profile, lambda_settle_seconds=profile.lambda_settle_seconds * factor,
        stack_default_resource_seconds=profile.stack_default_resource_seconds * factor,
        stack_resource_seconds={t: s * factor for t, s in profile.stack_resource_seconds.items()},
        stack_event_gap_seconds=profile.stack_event_gap_seconds * factor,
        change_set_seconds=profile.change_set_seconds * factor)


def select(name: str, lambda_settle_seconds: float | None = None, scale: float | None = None) -> LatencyProfile:
    """Makes `name` the profile of this process, optionally with its own Lambda window (a
    test that must see a function Pending longer than its own steps take) and every delay
    multiplied by `scale` (the Lambda window given here is not scaled)."""
    if name not in PROFILES:
        raise ValueError(f"unknown latency profile {name!r}; allowed: {', '.join(PROFILES)}")
    if scale is not None:
        scaled(PROFILES[name], scale)  # refuses a scale that is not positive
        os.environ[_SCALE] = str(scale)
    os.environ[_ENVIRONMENT] = name
    if lambda_settle_seconds is not None:
        os.environ[_LAMBDA_SETTLE] = str(lambda_settle_seconds)
    return current()


def current() -> LatencyProfile:
    """The profile in force: the one selected (scaled when a scale was selected), else `instant`."""
    profile = PROFILES.get(os.environ.get(_ENVIRONMENT, "instant"), PROFILES["instant"])
    if _SCALE in os.environ:
        profile = scaled(profile, float(os.environ[_SCALE]))
    if _LAMBDA_SETTLE in os.environ:
        profile = replace(profile, lambda_settle_seconds=float(os.environ[_LAMBDA_SETTLE]))
    return profile

"""The `realistic` latency profile: a figure for every resource type of Ballast's templates,
in the order the cited measurements give (ballast_emulator/README.md, "Latency profile
`realistic`"), and a stack under it, scaled down (`--latency-scale`), that passes through its
states in that order and time. The profile's data fails these with any type left out or any
figure out of order; the stack test fails on `instant` (no progress) and unscaled (too slow)."""
import json
import pathlib
import re
import sys
import time

from conftest import _clients, running_emulator

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from ballast_emulator import latency  # noqa: E402

GOLDEN = pathlib.Path(__file__).resolve().parents[2] / "Tests" / "BallastSynthTests" / "Golden"
REALISTIC = latency.PROFILES["realistic"]
SCALE = 0.01


def golden_types() -> set[str]:
    found = set()
    for path in GOLDEN.rglob("*.json"):
        found |= set(re.findall(r'"Type": "(AWS::[^"]*)"', path.read_text()))
    return found


def test_every_type_of_the_golden_templates_has_a_figure():
    types = golden_types()
    assert len(types) >= 20, f"the golden templates were not found under {GOLDEN}"
    assert sorted(types - set(REALISTIC.stack_resource_seconds)) == []


def test_every_golden_type_is_in_the_readme_table_with_the_profile_s_figure():
    readme = (pathlib.Path(latency.__file__).parent / "README.md").read_text()
    for resource_type in golden_types():
        row = re.search(rf"^\| `{re.escape(resource_type)}` \| ([0-9.]+) \|", readme, re.MULTILINE)
        assert row, f"{resource_type} has no row in the README's table"
        assert float(row.group(1)) == REALISTIC.stack_resource_seconds[resource_type], resource_type


def test_the_figures_are_in_the_cited_order():
    s = REALISTIC.stack_resource_seconds
    # Minutes: a DB instance, then a NAT gateway, a VPC endpoint, a function in a VPC (ENIs).
    assert s["AWS::RDS::DBInstance"] > s["AWS::EC2::NatGateway"] > s["AWS::EC2::VPCEndpoint"]
    assert s["AWS::EC2::VPCEndpoint"] > s["AWS::Lambda::Function"] > s["AWS::EC2::VPC"]
    assert s["AWS::RDS::DBInstance"] >= 300 and s["AWS::Lambda::Function"] >= 60
    # Seconds: a VPC, an IAM role and a route table association (CloudFormation stabilizes
    # them) take longer than a security group, a DB subnet group or a route table, which take
    # longer than a subnet or a log group.
    for slow in ("AWS::EC2::VPC", "AWS::IAM::Role", "AWS::EC2::SubnetRouteTableAssociation"):
        assert s[slow] > s["AWS::EC2::SecurityGroup"], slow
    assert s["AWS::EC2::SecurityGroup"] >= s["AWS::RDS::DBSubnetGroup"] >= s["AWS::EC2::RouteTable"]
    assert s["AWS::EC2::RouteTable"] > s["AWS::EC2::Subnet"] > s["AWS::Logs::LogGroup"]
    assert REALISTIC.lambda_settle_seconds == s["AWS::Lambda::Function"]
    assert REALISTIC.lambda_settle_seconds > latency.PROFILES["fast"].lambda_settle_seconds


def test_a_scaled_profile_keeps_the_proportions():
    small = latency.scaled(REALISTIC, SCALE)
    for resource_type, seconds in REALISTIC.stack_resource_seconds.items():
        assert abs(small.stack_resource_seconds[resource_type] - seconds * SCALE) < 1e-9
    assert abs(small.lambda_settle_seconds - REALISTIC.lambda_settle_seconds * SCALE) < 1e-9
    assert abs(small.change_set_seconds - REALISTIC.change_set_seconds * SCALE) < 1e-9


def test_the_default_profiles_are_unchanged():
    fast = latency.PROFILES["fast"]
    assert fast.lambda_settle_seconds == 0.3 and fast.stack_default_resource_seconds == 0.05
    assert latency.PROFILES["instant"].lambda_settle_seconds == 0.0


NETWORK = {"Resources": {
    "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.9.0.0/16"}},
    "Subnet": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.9.1.0/24"}},
    "Logs": {"Type": "AWS::Logs::LogGroup", "Properties": {"LogGroupName": "realistic-test"}},
}}


def test_a_stack_under_the_scaled_realistic_profile_passes_through_its_states_in_order(tmp_path):
    with running_emulator(tmp_path, tmp_path / "violations.jsonl",
                          "--latency", "realistic", "--latency-scale", str(SCALE)) as url:
        cfn = _clients(url)("cloudformation")
        cfn.create_stack(StackName="realistic", TemplateBody=json.dumps(NETWORK))
        assert cfn.describe_stacks(StackName="realistic")["Stacks"][0]["StackStatus"] == "CREATE_IN_PROGRESS"
        deadline = time.monotonic() + 20
        while (status := cfn.describe_stacks(StackName="realistic")["Stacks"][0]["StackStatus"]) \
                == "CREATE_IN_PROGRESS" and time.monotonic() < deadline:
            time.sleep(0.02)
        assert status == "CREATE_COMPLETE"
        events = list(reversed(cfn.describe_stack_events(StackName="realistic")["StackEvents"]))

    at = {(e["LogicalResourceId"], e["ResourceStatus"]): e["Timestamp"] for e in events}
    took = {lid: (at[(lid, "CREATE_COMPLETE")] - at[(lid, "CREATE_IN_PROGRESS")]).total_seconds()
            for lid in NETWORK["Resources"]}
    seconds = REALISTIC.stack_resource_seconds
    for lid, body in NETWORK["Resources"].items():
        expected = seconds[body["Type"]] * SCALE
        assert abs(took[lid] - expected) < 0.005, (lid, took[lid], expected)
    # The subnet waits for its VPC, which takes longer than it or the log group.
    assert at[("Subnet", "CREATE_IN_PROGRESS")] >= at[("Vpc", "CREATE_COMPLETE")]
    assert took["Vpc"] > took["Subnet"] and took["Vpc"] > took["Logs"]
    order = [(e["LogicalResourceId"], e["ResourceStatus"]) for e in events]
    assert order[0] == ("realistic", "CREATE_IN_PROGRESS") and order[-1] == ("realistic", "CREATE_COMPLETE")
    assert order.index(("Vpc", "CREATE_COMPLETE")) < order.index(("Subnet", "CREATE_IN_PROGRESS"))

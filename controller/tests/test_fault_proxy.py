"""The test-support fault proxy (Tests/Support/aws_fault_proxy.py) between boto3 and the
emulator: it records every request by service and operation, and injects the faults it is
told to, reproducibly for a seed."""
import json
import subprocess
import sys
from pathlib import Path

import boto3
import botocore.config
import botocore.exceptions
import botocore.parsers
import pytest

PROXY = Path(__file__).resolve().parents[2] / "Tests" / "Support" / "aws_fault_proxy.py"


def start_proxy(endpoint, log, *extra):
    process = subprocess.Popen(
        [sys.executable, str(PROXY), "--target", endpoint, "--port", "0", "--log", str(log), *extra],
        stdout=subprocess.PIPE, text=True,
    )
    line = process.stdout.readline()
    assert line.startswith("aws-fault-proxy listening on "), line
    return process, line.split(" on ", 1)[1].strip()


def client(service, url):
    session = boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1")
    config = botocore.config.Config(retries={"max_attempts": 1, "mode": "standard"})
    return session.client(service, endpoint_url=url, config=config)


def records(log):
    return [json.loads(line) for line in log.read_text().splitlines()]


def test_records_service_and_operation_of_every_request(endpoint, tmp_path):
    log = tmp_path / "requests.jsonl"
    process, url = start_proxy(endpoint, log)
    try:
        client("sts", url).get_caller_identity()
        client("cloudformation", url).describe_stacks()
        client("cloudwatch", url).describe_alarms(AlarmNamePrefix="x")
        lam = client("lambda", url)
        with pytest.raises(botocore.exceptions.ClientError):
            lam.get_alias(FunctionName="missing", Name="live")
    finally:
        process.terminate()
        process.wait(timeout=10)
    seen = [(r["service"], r["operation"], r["fault"]) for r in records(log)]
    assert seen == [
        ("STS", "GetCallerIdentity", None), ("CloudFormation", "DescribeStacks", None),
        ("CloudWatch", "DescribeAlarms", None), ("Lambda", "GetAlias", None),
    ]


def test_injects_throttling_in_each_protocol(endpoint, tmp_path):
    log = tmp_path / "requests.jsonl"
    process, url = start_proxy(endpoint, log, "--fault-rate", "1", "--faults", "throttle")
    try:
        with pytest.raises(botocore.exceptions.ClientError) as query:
            client("cloudformation", url).describe_stacks()
        with pytest.raises(botocore.exceptions.ClientError) as rest:
            client("lambda", url).get_alias(FunctionName="f", Name="live")
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert query.value.response["Error"]["Code"] == "Throttling"
    assert rest.value.response["Error"]["Code"] == "TooManyRequestsException"


def test_faults_repeat_for_a_seed_and_hit_about_the_rate(endpoint, tmp_path):
    def run(seed):
        log = tmp_path / f"run-{seed}-{len(list(tmp_path.iterdir()))}.jsonl"
        process, url = start_proxy(endpoint, log, "--fault-rate", "0.3", "--seed", str(seed), "--faults", "error500,error503")
        cfn = client("cloudformation", url)
        try:
            for _ in range(60):
                try:
                    cfn.describe_stacks()
                except botocore.exceptions.ClientError:
                    pass
        finally:
            process.terminate()
            process.wait(timeout=10)
        return [r["fault"] for r in records(log)]

    first, again, other = run(7), run(7), run(8)
    assert first == again
    assert first != other
    faults = sum(1 for f in first if f)
    assert 8 <= faults <= 30, faults


def test_reset_and_malformed_bodies_reach_the_client_as_errors(endpoint, tmp_path):
    for fault in ("reset", "malformed", "truncate"):
        log = tmp_path / f"{fault}.jsonl"
        process, url = start_proxy(endpoint, log, "--fault-rate", "1", "--faults", fault)
        try:
            with pytest.raises((botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError, botocore.parsers.ResponseParserError)):
                client("cloudformation", url).describe_stacks()
        finally:
            process.terminate()
            process.wait(timeout=10)
        assert records(log)[0]["fault"] == fault

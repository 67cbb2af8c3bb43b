"""Requests that break botocore's model are refused as AWS refuses them, and recorded.

moto 5.2.1 accepts them (stores the value, answers with another error, or fails with a
500). The tests send the invalid requests with botocore's own client validation off,
or as raw signed-looking HTTP, to an emulator of their own, so the session emulator's
count of violations (conftest.py) stays 0.
"""
import importlib.util
import io
import json
import sys
import urllib.error
import urllib.request
from pathlib import Path

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from conftest import REGION, running_emulator

# The module on its own (the package's __init__ would patch moto inside pytest's process).
_SPEC = importlib.util.spec_from_file_location(
    "judgement", Path(__file__).resolve().parents[1] / "ballast_emulator" / "judgement.py")
judgement = importlib.util.module_from_spec(_SPEC)
sys.modules["judgement"] = judgement
_SPEC.loader.exec_module(judgement)

UNCHECKED = Config(parameter_validation=False, retries={"max_attempts": 1})


@pytest.fixture(scope="module")
def judged(tmp_path_factory) -> tuple[str, Path]:
    directory = tmp_path_factory.mktemp("judged-emulator")
    violations = directory / "violations.jsonl"
    with running_emulator(directory, violations) as url:
        yield url, violations


@pytest.fixture
def client(judged):
    session = boto3.session.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION)
    return lambda service: session.client(service, endpoint_url=judged[0], config=UNCHECKED)


def send(url: str, service: str, body: bytes = b"", headers: dict | None = None, method: str = "POST",
         path: str = "/") -> tuple[int, dict, bytes]:
    """A raw request with a SigV4 credential scope for `service` (moto checks no signature)."""
    scope = f"AWS4-HMAC-SHA256 Credential=testing/20260101/{REGION}/{service}/aws4_request, " \
            "SignedHeaders=host, Signature=0"
    request = urllib.request.Request(url + path, data=body if method != "GET" else None, method=method,
                                     headers={"Authorization": scope, **(headers or {})})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def form(**fields: str) -> bytes:
    return "&".join(f"{key}={urllib.request.quote(value)}" for key, value in fields.items()).encode()


FORM = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}


def refused(call) -> dict:
    with pytest.raises(ClientError) as raised:
        call()
    error = raised.value.response
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 400
    return error["Error"]


def recorded(violations: Path) -> list[dict]:
    return [json.loads(line) for line in violations.read_text().splitlines()] if violations.exists() else []


# Query protocol (CloudFormation, IAM, STS)

def test_a_missing_required_member_is_refused(client):
    error = refused(lambda: client("cloudformation").create_stack(TemplateBody="{}"))
    assert error["Code"] == "ValidationError"
    assert error["Message"] == ("1 validation error detected: Value null at 'stackName' failed to satisfy "
                                "constraint: Member must not be null")


def test_a_value_outside_its_enum_is_refused(client, name):
    error = refused(lambda: client("cloudformation").create_stack(StackName=name, TemplateBody="{}", OnFailure="EXPLODE"))
    assert error["Code"] == "ValidationError"
    assert error["Message"] == ("1 validation error detected: Value 'EXPLODE' at 'onFailure' failed to satisfy "
                                "constraint: Member must satisfy enum value set: [DO_NOTHING, ROLLBACK, DELETE]")


def test_a_value_breaking_its_pattern_is_refused(client, name):
    error = refused(lambda: client("cloudformation").create_stack(
        StackName=name, TemplateBody="{}", ClientRequestToken="-token"))
    assert error["Message"] == (
        "1 validation error detected: Value '-token' at 'clientRequestToken' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: [a-zA-Z0-9][-a-zA-Z0-9]*")


def test_lengths_and_values_out_of_bounds_are_refused_together(client, name):
    error = refused(lambda: client("cloudformation").create_stack(
        StackName=name, TemplateBody="{}", TimeoutInMinutes=0, RoleARN="arn:short"))
    assert error["Message"].startswith("2 validation errors detected: ")
    assert "Value '0' at 'timeoutInMinutes' failed to satisfy constraint: Member must have value greater " \
           "than or equal to 1" in error["Message"]
    assert "Value 'arn:short' at 'roleARN' failed to satisfy constraint: Member must have length greater " \
           "than or equal to 20" in error["Message"]


def test_a_list_too_long_is_refused(client, name):
    error = refused(lambda: client("cloudformation").create_stack(
        StackName=name, TemplateBody="{}", Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(51)]))
    assert "at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50" in error["Message"]


def test_a_nested_member_is_named_by_its_path(client, name):
    error = refused(lambda: client("cloudformation").create_stack(
        StackName=name, TemplateBody="{}", Tags=[{"Key": "k"}]))
    assert error["Message"] == ("1 validation error detected: Value null at 'tags.1.member.value' failed to "
                                "satisfy constraint: Member must not be null")


def test_a_query_value_of_the_wrong_type_is_refused(judged, name):
    status, _, body = send(judged[0], "cloudformation", form(
        Action="CreateStack", Version="2010-05-15", StackName=name, TemplateBody="{}", TimeoutInMinutes="ten"), FORM)
    assert status == 400
    assert b"<Code>ValidationError</Code>" in body
    assert b"Value 'ten' at 'timeoutInMinutes' failed to satisfy constraint: Member must be of type integer" in body


def test_an_unknown_query_member_is_refused(judged, name):
    status, _, body = send(judged[0], "cloudformation", form(
        Action="CreateStack", Version="2010-05-15", StackName=name, TemplateBody="{}", TimeoutInMinute="5"), FORM)
    assert status == 400
    assert b"<Code>ValidationError</Code>" in body and b"Unknown parameter 'TimeoutInMinute'" in body


def test_a_wrong_version_is_an_invalid_action(judged):
    status, _, body = send(judged[0], "cloudformation", form(Action="ListStacks", Version="2011-01-01"), FORM)
    assert status == 400
    assert b"<Code>InvalidAction</Code>" in body
    assert b"Could not find operation ListStacks for version 2011-01-01" in body


def test_an_unknown_action_is_an_invalid_action(judged):
    status, _, body = send(judged[0], "iam", form(Action="ListRolez", Version="2010-05-08"), FORM)
    assert status == 400 and b"<Code>InvalidAction</Code>" in body
    assert b'xmlns="https://iam.amazonaws.com/doc/2010-05-08/"' in body


def test_a_query_body_that_is_not_a_form_is_refused(judged):
    status, _, body = send(judged[0], "sts", b'{"Action": "GetCallerIdentity"}', {"Content-Type": "application/json"})
    assert status == 400


# JSON protocol (ECR, Secrets Manager, CloudWatch)

def test_json_constraints_are_validation_exceptions(client):
    error = refused(lambda: client("ecr").create_repository(repositoryName="Bad Name"))
    assert error["Code"] == "ValidationException"
    assert error["Message"] == (
        "1 validation error detected: Value 'Bad Name' at 'repositoryName' failed to satisfy constraint: Member must "
        "satisfy regular expression pattern: [a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(\\/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*")


def test_a_json_value_over_its_maximum_is_refused(client):
    error = refused(lambda: client("ecr").describe_repositories(maxResults=5000))
    assert error["Message"] == ("1 validation error detected: Value '5000' at 'maxResults' failed to satisfy "
                                "constraint: Member must have value less than or equal to 1000")


def test_a_json_value_of_the_wrong_type_is_refused(judged):
    status, headers, body = send(judged[0], "ecr", b'{"maxResults": "ten"}', {
        "Content-Type": "application/x-amz-json-1.1",
        "X-Amz-Target": "AmazonEC2ContainerRegistry_V20150921.DescribeRepositories"})
    assert status == 400 and headers["x-amzn-ErrorType"] == "ValidationException"
    assert "Member must be of type integer" in json.loads(body)["message"]


def test_an_unknown_json_member_is_refused(judged, name):
    status, headers, body = send(judged[0], "secretsmanager", json.dumps({"Name": name, "SecretStrin": "x"}).encode(), {
        "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "secretsmanager.CreateSecret"})
    assert status == 400 and headers["x-amzn-ErrorType"] == "ValidationException"
    assert "Unknown member 'SecretStrin'" in json.loads(body)["message"]


def test_an_unknown_target_is_an_unknown_operation(judged):
    status, headers, _ = send(judged[0], "ecr", b"{}", {
        "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "AmazonEC2ContainerRegistry_V20150921.Nope"})
    assert status == 400 and headers["x-amzn-ErrorType"] == "UnknownOperationException"


def test_a_json_request_with_the_wrong_content_type_is_refused(judged):
    status, _, _ = send(judged[0], "ecr", b"{}", {
        "Content-Type": "application/json",
        "X-Amz-Target": "AmazonEC2ContainerRegistry_V20150921.DescribeRepositories"})
    assert status == 400


def test_a_json_body_that_is_not_an_object_is_refused(judged):
    status, headers, _ = send(judged[0], "ecr", b"repositoryName=x", {
        "Content-Type": "application/x-amz-json-1.1",
        "X-Amz-Target": "AmazonEC2ContainerRegistry_V20150921.DescribeRepositories"})
    assert status == 400 and headers["x-amzn-ErrorType"] == "ValidationException"


def test_cloudwatch_in_json_answers_with_the_query_error_code(client):
    error = refused(lambda: client("cloudwatch").put_metric_data(Namespace=":bad", MetricData=[]))
    assert error["Code"] == "ValidationError"
    assert "Value ':bad' at 'namespace' failed to satisfy constraint" in error["Message"]


def test_cloudwatch_in_query_is_judged_as_query(judged):
    status, _, body = send(judged[0], "monitoring", form(
        Action="PutMetricData", Version="2010-08-01", Namespace=":bad"), FORM)
    assert status == 400 and b"<Code>ValidationError</Code>" in body
    assert b"Value ':bad' at 'namespace' failed to satisfy constraint" in body


# REST-JSON (Lambda)

def test_a_uri_label_breaking_its_pattern_is_refused(client):
    error = refused(lambda: client("lambda").get_function(FunctionName="no spaces allowed"))
    assert error["Code"] == "ValidationException"
    assert error["Message"].startswith(
        "1 validation error detected: Value 'no spaces allowed' at 'functionName' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?")


def test_a_body_member_under_its_minimum_is_refused(client, name):
    error = refused(lambda: client("lambda").update_function_configuration(FunctionName=name, MemorySize=1))
    assert error["Message"] == ("1 validation error detected: Value '1' at 'memorySize' failed to satisfy "
                                "constraint: Member must have value greater than or equal to 128")


def test_a_query_string_member_is_judged(judged):
    status, headers, body = send(judged[0], "lambda", method="GET", path="/2015-03-31/functions?MaxItems=0")
    assert status == 400 and headers["x-amzn-ErrorType"] == "ValidationException"
    assert "Value '0' at 'maxItems'" in json.loads(body)["message"]


def test_an_unknown_body_member_is_refused(judged, name):
    status, headers, body = send(judged[0], "lambda", json.dumps({"MemorySize": 256, "Memory": 1}).encode(),
                                 {"Content-Type": "application/json"}, method="PUT",
                                 path=f"/2015-03-31/functions/{name}/configuration")
    assert status == 400 and headers["x-amzn-ErrorType"] == "ValidationException"
    assert "Unknown member 'Memory'" in json.loads(body)["message"]


def test_a_pattern_written_for_utf_16_matches_a_supplementary_character():
    # DynamoDB's AutoScalingRoleArn: "any character but controls", the pair range for astral ones.
    pattern = "[\\u0020-\\uD7FF\\uE000-\\uFFFD\\uD800\\uDC00-\\uDBFF\\uDFFF\\r\\n\\t]*"
    regex = judgement.compiled(pattern)
    assert regex is not None and regex.fullmatch("role \U0001F600") and not regex.fullmatch("\x00")


# The record

def test_every_violation_is_recorded_as_one_json_line(client, judged):
    before = len(recorded(judged[1]))
    refused(lambda: client("cloudformation").create_stack(TemplateBody="{}", OnFailure="EXPLODE"))
    lines = recorded(judged[1])[before:]
    assert [(v["service"], v["operation"], v["member"], v["rule"], v["refused"]) for v in lines] == [
        ("cloudformation", "CreateStack", "stackName", "required", True),
        ("cloudformation", "CreateStack", "onFailure", "enum", True),
    ]


def test_valid_requests_pass_and_are_not_recorded(client, judged, name):
    before = len(recorded(judged[1]))
    client("ecr").create_repository(repositoryName=name)
    client("cloudformation").list_stacks(StackStatusFilter=["CREATE_COMPLETE"])
    client("lambda").list_functions(MaxItems=5)
    client("cloudwatch").put_metric_data(Namespace="Ballast/Test", MetricData=[{"MetricName": "m", "Value": 1.0}])
    assert recorded(judged[1])[before:] == []


def test_a_rule_recorded_only_is_recorded_and_passed_to_moto(tmp_path, monkeypatch):
    monkeypatch.setattr(judgement, "RECORDED_ONLY", frozenset({("ecr", "DescribeRepositories", "maxResults", "max value")}))
    reached = []

    def moto(environ, start_response):
        reached.append(environ["wsgi.input"].read())
        start_response("200 OK", [])
        return [b"{}"]

    violations = tmp_path / "violations.jsonl"
    app = judgement.Judge(moto, str(violations))
    body = b'{"maxResults": 5000}'
    environ = {
        "REQUEST_METHOD": "POST", "PATH_INFO": "/", "CONTENT_LENGTH": str(len(body)),
        "CONTENT_TYPE": "application/x-amz-json-1.1",
        "HTTP_X_AMZ_TARGET": "AmazonEC2ContainerRegistry_V20150921.DescribeRepositories",
        "HTTP_AUTHORIZATION": f"AWS4-HMAC-SHA256 Credential=k/20260101/{REGION}/ecr/aws4_request, Signature=0",
        "wsgi.input": io.BytesIO(body),
    }
    assert app(environ, lambda status, headers: None) == [b"{}"]
    assert reached == [body]
    assert [v["refused"] for v in recorded(violations)] == [False]

"""With the `fast` profile a function is Pending after a create and InProgress after an update,
and what AWS refuses in that window is refused."""
import json
import time

import pytest

from test_lambda_alias import IMAGE, push_image

SETTLE_SECONDS = 0.3  # latency.py, profile `fast`


def create(aws, name: str) -> dict:
    push_image(aws)
    role = aws("iam").create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                                                 "Action": "sts:AssumeRole"}]}))["Role"]["Arn"]
    return aws("lambda").create_function(FunctionName=name, Role=role, PackageType="Image", Code={"ImageUri": IMAGE})


def wait_until_settled(lambda_, name: str) -> dict:
    for _ in range(100):
        configuration = lambda_.get_function_configuration(FunctionName=name)
        if configuration["State"] == "Active" and configuration.get("LastUpdateStatus") != "InProgress":
            return configuration
        time.sleep(0.05)
    pytest.fail(f"{name} never settled: {configuration}")


def test_a_new_function_is_pending_and_cannot_be_published_or_changed(fast_aws, name):
    lambda_ = fast_aws("lambda")
    created = create(fast_aws, name)
    assert created["State"] == "Pending"
    assert lambda_.get_function_configuration(FunctionName=name)["State"] == "Pending"
    for call in (lambda: lambda_.publish_version(FunctionName=name),
                 lambda: lambda_.update_function_configuration(FunctionName=name, MemorySize=512)):
        with pytest.raises(lambda_.exceptions.ResourceConflictException, match="state: Pending") as refused:
            call()
        assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409
    settled = wait_until_settled(lambda_, name)
    assert settled["LastUpdateStatus"] == "Successful"
    assert lambda_.publish_version(FunctionName=name)["Version"] == "1"


def test_an_update_is_in_progress_for_a_while(fast_aws, name):
    lambda_ = fast_aws("lambda")
    create(fast_aws, name)
    wait_until_settled(lambda_, name)
    started = time.monotonic()
    updated = lambda_.update_function_configuration(FunctionName=name, MemorySize=1024)
    assert updated["LastUpdateStatus"] == "InProgress"
    assert lambda_.get_function_configuration(FunctionName=name)["LastUpdateStatus"] == "InProgress"
    with pytest.raises(lambda_.exceptions.ResourceConflictException, match="An update is in progress"):
        lambda_.publish_version(FunctionName=name)
    with pytest.raises(lambda_.exceptions.ResourceConflictException, match="An update is in progress"):
        lambda_.update_function_configuration(FunctionName=name, MemorySize=2048)
    settled = wait_until_settled(lambda_, name)
    assert time.monotonic() - started >= SETTLE_SECONDS * 0.9
    assert (settled["MemorySize"], settled["LastUpdateStatus"]) == (1024, "Successful")
    published = lambda_.publish_version(FunctionName=name)
    assert lambda_.get_function_configuration(FunctionName=name, Qualifier=published["Version"])["State"] == "Active"


def test_the_instant_profile_keeps_motos_behaviour(aws, name):
    created = create(aws, name)
    assert created["State"] == "Active"
    assert aws("lambda").publish_version(FunctionName=name)["Version"] == "1"

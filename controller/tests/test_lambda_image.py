"""A function whose image is not in ECR is refused as AWS refuses it (moto: ECR's errors)."""
import json

import pytest

from test_lambda_alias import IMAGE, push_image

MISSING_TAG = IMAGE.rsplit(":", 1)[0] + ":0.0.0-missing"
MISSING_REPOSITORY = IMAGE.rsplit("/", 1)[0] + "/no-such-repository:1.0"


def role(aws, name: str) -> str:
    return aws("iam").create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                                                "Action": "sts:AssumeRole"}]}))["Role"]["Arn"]


@pytest.mark.parametrize("image", [MISSING_TAG, MISSING_REPOSITORY])
def test_create_function_with_a_missing_image_is_refused(aws, name, image):
    push_image(aws)
    lambda_ = aws("lambda")
    with pytest.raises(lambda_.exceptions.InvalidParameterValueException) as refused:
        lambda_.create_function(FunctionName=name, Role=role(aws, name), PackageType="Image", Code={"ImageUri": image})
    assert refused.value.response["Error"]["Message"] == (
        f"Source image {image} does not exist. Provide a valid source image.")
    assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    with pytest.raises(lambda_.exceptions.ResourceNotFoundException):
        lambda_.get_function(FunctionName=name)


def test_update_function_code_to_a_missing_image_is_refused_and_changes_nothing(aws, name):
    push_image(aws)
    lambda_ = aws("lambda")
    created = lambda_.create_function(FunctionName=name, Role=role(aws, name), PackageType="Image",
                                      Code={"ImageUri": IMAGE})
    with pytest.raises(lambda_.exceptions.InvalidParameterValueException, match="Provide a valid source image"):
        lambda_.update_function_code(FunctionName=name, ImageUri=MISSING_TAG)
    after = lambda_.get_function(FunctionName=name)
    assert after["Code"]["ImageUri"] == IMAGE
    assert after["Configuration"]["CodeSha256"] == created["CodeSha256"]

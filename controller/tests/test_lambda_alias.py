"""Lambda alias RevisionId: new on every update, a stale one refused (412); AWS::Lambda::Alias in stacks."""
import json

import pytest

from cfn import deploy, outputs, update

IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/orders:1.4.2"


def push_image(aws) -> None:
    """The image in the emulator's ECR: the emulator, like AWS, refuses a function whose image
    does not exist (MOTO_LAMBDA_STUB_ECR=false)."""
    ecr = aws("ecr")
    try:
        ecr.create_repository(repositoryName="orders")
    except ecr.exceptions.RepositoryAlreadyExistsException:
        return
    ecr.put_image(repositoryName="orders", imageTag="1.4.2", imageManifest=json.dumps({
        "schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
        "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 1,
                   "digest": "sha256:" + "1" * 64},
        "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 1,
                    "digest": "sha256:" + "2" * 64}],
    }))


@pytest.fixture
def function(aws, name) -> str:
    """A container-image function with versions 1 and 2 published."""
    push_image(aws)
    iam, lambda_ = aws("iam"), aws("lambda")
    role = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                       "Action": "sts:AssumeRole"}],
    }))["Role"]["Arn"]
    lambda_.create_function(FunctionName=name, Role=role, PackageType="Image", Code={"ImageUri": IMAGE})
    for memory in (256, 512):
        lambda_.update_function_configuration(FunctionName=name, MemorySize=memory)
        lambda_.publish_version(FunctionName=name)
    return name


def test_update_alias_changes_the_revision_and_refuses_a_stale_one(aws, function):
    lambda_ = aws("lambda")
    created = lambda_.create_alias(FunctionName=function, Name="live", FunctionVersion="1")

    shifted = lambda_.update_alias(
        FunctionName=function, Name="live", RevisionId=created["RevisionId"],
        RoutingConfig={"AdditionalVersionWeights": {"2": 0.1}},
    )
    assert shifted["RevisionId"] != created["RevisionId"]
    assert lambda_.get_alias(FunctionName=function, Name="live")["RevisionId"] == shifted["RevisionId"]

    with pytest.raises(lambda_.exceptions.PreconditionFailedException) as refused:
        lambda_.update_alias(FunctionName=function, Name="live", FunctionVersion="2", RevisionId=created["RevisionId"])
    assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 412
    alias = lambda_.get_alias(FunctionName=function, Name="live")
    assert (alias["FunctionVersion"], alias["RoutingConfig"]["AdditionalVersionWeights"]) == ("1", {"2": 0.1})

    promoted = lambda_.update_alias(FunctionName=function, Name="live", FunctionVersion="2",
                                    RevisionId=shifted["RevisionId"], RoutingConfig={"AdditionalVersionWeights": {}})
    assert promoted["FunctionVersion"] == "2" and promoted["RevisionId"] != shifted["RevisionId"]


def test_update_alias_without_a_revision_id_always_applies(aws, function):
    lambda_ = aws("lambda")
    created = lambda_.create_alias(FunctionName=function, Name="live", FunctionVersion="1")
    moved = lambda_.update_alias(FunctionName=function, Name="live", FunctionVersion="2")
    assert moved["FunctionVersion"] == "2" and moved["RevisionId"] != created["RevisionId"]


def test_a_stacks_alias_is_a_real_alias(aws, name, function):
    cfn, lambda_ = aws("cloudformation"), aws("lambda")

    def template(version: str, weights: list) -> dict:
        return {
            "Resources": {"Live": {"Type": "AWS::Lambda::Alias", "Properties": {
                "FunctionName": function, "Name": "live", "FunctionVersion": version,
                "RoutingConfig": {"AdditionalVersionWeights": weights}}}},
            "Outputs": {"Arn": {"Value": {"Ref": "Live"}}},
        }

    stack = deploy(cfn, name, template("1", [{"FunctionVersion": "2", "FunctionWeight": 0.1}]))
    alias = lambda_.get_alias(FunctionName=function, Name="live")
    assert outputs(stack)["Arn"] == alias["AliasArn"]
    assert (alias["FunctionVersion"], alias["RoutingConfig"]["AdditionalVersionWeights"]) == ("1", {"2": 0.1})

    update(cfn, name, template("2", []))
    alias = lambda_.get_alias(FunctionName=function, Name="live")
    assert alias["FunctionVersion"] == "2" and not alias.get("RoutingConfig", {}).get("AdditionalVersionWeights")

    cfn.delete_stack(StackName=name)
    assert lambda_.list_aliases(FunctionName=function)["Aliases"] == []



def test_create_alias_of_an_existing_alias_is_a_resource_conflict(aws, function):
    # AWS: "An error occurred (ResourceConflictException) when calling the CreateAlias operation:
    # Alias already exists: arn:aws:lambda:…:function:NAME:ALIAS" (HumanCellAtlas/data-store#929).
    lam = aws("lambda")
    version = lam.publish_version(FunctionName=function)["Version"]
    lam.create_alias(FunctionName=function, Name="live", FunctionVersion=version)
    with pytest.raises(lam.exceptions.ResourceConflictException) as refused:
        lam.create_alias(FunctionName=function, Name="live", FunctionVersion=version)
    assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409
    assert refused.value.response["Error"]["Message"].startswith("Alias already exists: arn:aws:lambda:")
    assert refused.value.response["Error"]["Message"].endswith(f":function:{function}:live")

"""A template whose references name nothing is refused at once, with CloudFormation's words
(ballast_emulator/template_references.py), and nothing is created."""
import json

import pytest
from botocore.exceptions import ClientError

TOPIC = {"Type": "AWS::SNS::Topic"}


def template(resources: dict, **sections) -> str:
    return json.dumps({"Resources": resources, **sections})


def refusal(call) -> str:
    with pytest.raises(ClientError) as raised:
        call()
    assert raised.value.response["Error"]["Code"] == "ValidationError"
    return raised.value.response["Error"]["Message"]


UNRESOLVED = [
    ({"T": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": {"Ref": "Missing"}}}}, {},
     "Template format error: Unresolved resource dependencies [Missing] in the Resources block of the template"),
    ({"T": {**TOPIC, "DependsOn": ["Nowhere"]}}, {},
     "Template format error: Unresolved resource dependencies [Nowhere] in the Resources block of the template"),
    ({"T": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": {"Fn::Sub": "${Absent}-${AWS::Region}"}}}}, {},
     "Template format error: Unresolved resource dependencies [Absent] in the Resources block of the template"),
    ({"T": {"Type": "AWS::SNS::Topic", "Properties": {"DisplayName": {"Fn::GetAtt": ["Ghost", "Arn"]}}}}, {},
     "Template error: instance of Fn::GetAtt references undefined resource Ghost"),
    ({"T": TOPIC}, {"Outputs": {"Out": {"Value": {"Ref": "Elsewhere"}}}},
     "Template format error: Unresolved resource dependencies [Elsewhere] in the Outputs block of the template"),
]


@pytest.mark.parametrize("resources, sections, message", UNRESOLVED)
def test_create_change_set_refuses_an_unresolved_reference(aws, name, resources, sections, message):
    cfn = aws("cloudformation")
    body = template(resources, **sections)
    assert refusal(lambda: cfn.create_change_set(
        StackName=name, ChangeSetName="first", TemplateBody=body, ChangeSetType="CREATE")) == message
    # Nothing was made: no stack in REVIEW_IN_PROGRESS, no change set.
    assert [s for s in cfn.list_stacks()["StackSummaries"] if s["StackName"] == name] == []


def test_create_and_update_stack_refuse_it_too(aws, name):
    cfn = aws("cloudformation")
    bad = template({"T": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": {"Ref": "Missing"}}}})
    assert "Unresolved resource dependencies [Missing]" in refusal(
        lambda: cfn.create_stack(StackName=name, TemplateBody=bad))
    cfn.create_stack(StackName=name, TemplateBody=template({"T": TOPIC}))
    assert "Unresolved resource dependencies [Missing]" in refusal(
        lambda: cfn.update_stack(StackName=name, TemplateBody=bad))


def test_parameters_pseudo_parameters_local_sub_variables_and_resources_resolve(aws, name):
    cfn = aws("cloudformation")
    body = template(
        {
            "First": TOPIC,
            "Second": {
                "Type": "AWS::SNS::Topic",
                "DependsOn": "First",
                "Properties": {
                    "TopicName": {"Fn::Sub": ["${Prefix}-${Local}-${AWS::StackName}-${!Literal}",
                                              {"Local": {"Ref": "AWS::Region"}}]},
                    "DisplayName": {"Fn::Sub": "${First.TopicName}"},
                    "Tags": [{"Key": "arn", "Value": {"Fn::GetAtt": "First.TopicArn"}},
                             {"Key": "ref", "Value": {"Ref": "First"}}],
                },
            },
        },
        Parameters={"Prefix": {"Type": "String", "Default": "p"}},
        Outputs={"Arn": {"Value": {"Ref": "Second"}}},
    )
    cfn.create_change_set(StackName=name, ChangeSetName="first", TemplateBody=body, ChangeSetType="CREATE")
    assert cfn.describe_change_set(StackName=name, ChangeSetName="first")["Status"] in (
        "CREATE_PENDING", "CREATE_IN_PROGRESS", "CREATE_COMPLETE")


@pytest.mark.parametrize("sub", [{"Ref": "AWS::Region"}, [], [{"not": "text"}], ["${Missing}", "not a map"]])
def test_a_malformed_sub_is_no_crash(aws, name, sub):
    cfn = aws("cloudformation")
    body = template({"T": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": {"Fn::Sub": sub}},
                           "DependsOn": {"not": "a list"}}})
    try:
        cfn.create_change_set(StackName=name, ChangeSetName="first", TemplateBody=body, ChangeSetType="CREATE")
    except ClientError as error:
        # A refusal is fine; an emulator crash (HTTP 500) is not.
        assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 400, error.response

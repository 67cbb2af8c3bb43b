"""Stack updates, change sets and termination protection behave as in AWS."""
import json

import pytest

from cfn import deploy, physical_ids, update

QUEUE_AND_TOPIC = {
    "Resources": {
        "Alerts": {"Type": "AWS::SNS::Topic"},  # no Properties key at all
        "Jobs": {"Type": "AWS::SQS::Queue", "Properties": {"VisibilityTimeout": 30}},
    }
}


def with_timeout(seconds: int) -> dict:
    template = json.loads(json.dumps(QUEUE_AND_TOPIC))
    template["Resources"]["Jobs"]["Properties"]["VisibilityTimeout"] = seconds
    return template


def change_set(cfn, stack: str, change_set_name: str, template: dict) -> dict:
    cfn.create_change_set(StackName=stack, ChangeSetName=change_set_name, TemplateBody=json.dumps(template),
                          ChangeSetType="UPDATE")
    return cfn.describe_change_set(StackName=stack, ChangeSetName=change_set_name)


def test_an_update_leaves_a_resource_without_properties_alone(aws, name):
    cfn = aws("cloudformation")
    deploy(cfn, name, QUEUE_AND_TOPIC)
    before = physical_ids(cfn, name)
    update(cfn, name, with_timeout(60))
    update(cfn, name, with_timeout(90))
    assert physical_ids(cfn, name) == before


def test_a_change_set_lists_only_what_changed(aws, name):
    cfn = aws("cloudformation")
    deploy(cfn, name, QUEUE_AND_TOPIC)
    described = change_set(cfn, name, "timeout", with_timeout(60))
    assert described["Status"] == "CREATE_COMPLETE"
    assert [(c["ResourceChange"]["Action"], c["ResourceChange"]["LogicalResourceId"]) for c in described["Changes"]] == [
        ("Modify", "Jobs")
    ]
    if "Replacement" not in described["Changes"][0]["ResourceChange"]:
        pytest.skip("moto: change set entries carry no Replacement, PhysicalResourceId, Scope or Details")


def test_a_change_set_without_changes_fails_and_cannot_be_executed(aws, name):
    cfn = aws("cloudformation")
    deploy(cfn, name, QUEUE_AND_TOPIC)
    described = change_set(cfn, name, "nothing", QUEUE_AND_TOPIC)
    assert (described["Status"], described["ExecutionStatus"], described["Changes"]) == ("FAILED", "UNAVAILABLE", [])
    assert "didn't contain changes" in described["StatusReason"]
    with pytest.raises(cfn.exceptions.InvalidChangeSetStatusException):
        cfn.execute_change_set(StackName=name, ChangeSetName="nothing")


def test_update_stack_without_changes_is_refused(aws, name):
    cfn = aws("cloudformation")
    deploy(cfn, name, QUEUE_AND_TOPIC)
    with pytest.raises(cfn.exceptions.ClientError, match="No updates are to be performed"):
        cfn.update_stack(StackName=name, TemplateBody=json.dumps(QUEUE_AND_TOPIC, indent=2))
    with pytest.raises(cfn.exceptions.ClientError, match="No updates are to be performed"):
        cfn.update_stack(StackName=name, UsePreviousTemplate=True)


def test_termination_protection_blocks_delete_until_lifted(aws, name):
    cfn = aws("cloudformation")
    deploy(cfn, name, QUEUE_AND_TOPIC)
    cfn.update_termination_protection(StackName=name, EnableTerminationProtection=True)
    assert cfn.describe_stacks(StackName=name)["Stacks"][0]["EnableTerminationProtection"] is True
    with pytest.raises(cfn.exceptions.ClientError, match="TerminationProtection is enabled"):
        cfn.delete_stack(StackName=name)

    cfn.update_termination_protection(StackName=name, EnableTerminationProtection=False)
    cfn.delete_stack(StackName=name)
    assert all(s["StackName"] != name for s in cfn.describe_stacks()["Stacks"])


def test_a_parameter_only_change_set_lists_the_resources_using_it(aws, name):
    cfn = aws("cloudformation")
    template = {"Parameters": {"Timeout": {"Type": "Number"}},
                "Resources": {"Jobs": {"Type": "AWS::SQS::Queue",
                                       "Properties": {"VisibilityTimeout": {"Ref": "Timeout"}}}}}
    deploy(cfn, name, template, Parameters=[{"ParameterKey": "Timeout", "ParameterValue": "30"}])
    cfn.create_change_set(StackName=name, ChangeSetName="p", TemplateBody=json.dumps(template), ChangeSetType="UPDATE",
                          Parameters=[{"ParameterKey": "Timeout", "ParameterValue": "60"}])
    described = cfn.describe_change_set(StackName=name, ChangeSetName="p")
    assert described["Status"] == "CREATE_COMPLETE"
    if not described["Changes"]:
        pytest.skip("moto: a change set whose only change is a parameter value lists no resource changes")
    assert [c["ResourceChange"]["LogicalResourceId"] for c in described["Changes"]] == ["Jobs"]


def create_through_change_set(cfn, stack_name: str, template: dict) -> dict:
    cfn.create_change_set(StackName=stack_name, ChangeSetName="create", ChangeSetType="CREATE",
                          TemplateBody=json.dumps(template))
    cfn.execute_change_set(ChangeSetName="create", StackName=stack_name)
    stack = cfn.describe_stacks(StackName=stack_name)["Stacks"][0]
    assert stack["StackStatus"] == "CREATE_COMPLETE", stack
    return stack


def test_stacks_made_through_change_sets_export_and_import(aws, name):
    """moto registered exports only in CreateStack and gave a CREATE change set's stack no view
    of the region's exports; Ballast deploys every stack through a change set."""
    cfn = aws("cloudformation")
    exporter = create_through_change_set(cfn, f"{name}-a", {
        "Resources": {"Topic": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": f"{name}-t"}}},
        "Outputs": {"TopicArn": {"Value": {"Ref": "Topic"}, "Export": {"Name": f"{name}:topic"}}},
    })
    assert [o["ExportName"] for o in exporter["Outputs"]] == [f"{name}:topic"]
    exports = {e["Name"]: e["Value"] for e in cfn.list_exports()["Exports"]}
    assert exports[f"{name}:topic"].endswith(f":{name}-t")
    importer = create_through_change_set(cfn, f"{name}-b", {
        "Resources": {"Queue": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": f"{name}-q"}}},
        "Outputs": {"Imported": {"Value": {"Fn::ImportValue": f"{name}:topic"}}},
    })
    assert importer["Outputs"][0]["OutputValue"] == exports[f"{name}:topic"]


BAD_BUCKET = {
    "Resources": {
        "Jobs": {"Type": "AWS::SQS::Queue"},
        # S3 bucket names are at most 63 characters: AWS and moto both refuse this one.
        "Archive": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "b" * 70},
                    "DependsOn": "Jobs"},
    }
}


def execute(cfn, stack: str, template: dict, change_set_type: str) -> None:
    cfn.create_change_set(StackName=stack, ChangeSetName="apply", TemplateBody=json.dumps(template),
                          ChangeSetType=change_set_type)
    cfn.execute_change_set(StackName=stack, ChangeSetName="apply")
    cfn.delete_change_set(StackName=stack, ChangeSetName="apply")


def test_a_resource_failing_in_a_create_rolls_the_stack_back_and_names_the_resource(aws, name):
    cfn = aws("cloudformation")
    sqs = aws("sqs")
    execute(cfn, name, BAD_BUCKET, "CREATE")  # the call succeeds; the stack fails, as in AWS
    stack = cfn.describe_stacks(StackName=name)["Stacks"][0]
    assert stack["StackStatus"] == "ROLLBACK_COMPLETE"
    failed = [e for e in cfn.describe_stack_events(StackName=name)["StackEvents"]
              if e["ResourceStatus"] == "CREATE_FAILED"]
    assert [(e["LogicalResourceId"], e["ResourceType"]) for e in failed] == [("Archive", "AWS::S3::Bucket")]
    assert "not valid" in failed[0]["ResourceStatusReason"]
    # What the create made before the failure is gone again.
    assert not any(name in url for url in sqs.list_queues().get("QueueUrls", []))


def test_a_resource_failing_in_an_update_rolls_the_update_back(aws, name):
    cfn = aws("cloudformation")
    deploy(cfn, name, QUEUE_AND_TOPIC)
    execute(cfn, name, {"Resources": {**QUEUE_AND_TOPIC["Resources"], **BAD_BUCKET["Resources"]}}, "UPDATE")
    stack = cfn.describe_stacks(StackName=name)["Stacks"][0]
    assert stack["StackStatus"] == "UPDATE_ROLLBACK_COMPLETE"
    events = cfn.describe_stack_events(StackName=name)["StackEvents"]
    assert [e["LogicalResourceId"] for e in events if e["ResourceStatus"] == "UPDATE_FAILED"] == ["Archive"]
    # The template in force is still the old one.
    body = cfn.get_template(StackName=name)["TemplateBody"]
    assert set((json.loads(body) if isinstance(body, str) else body)["Resources"]) == {"Alerts", "Jobs"}


def test_a_template_url_on_the_emulators_own_address_is_read_path_style(aws, endpoint, name):
    s3 = aws("s3")
    cfn = aws("cloudformation")
    s3.create_bucket(Bucket=name)
    s3.put_object(Bucket=name, Key="stacks/queue.template.json", Body=json.dumps(QUEUE_AND_TOPIC))
    assert endpoint.startswith("http://127.0.0.1:")
    cfn.create_change_set(StackName=name, ChangeSetName="apply", ChangeSetType="CREATE",
                          TemplateURL=f"{endpoint}/{name}/stacks/queue.template.json")
    cfn.execute_change_set(StackName=name, ChangeSetName="apply")
    assert cfn.describe_stacks(StackName=name)["Stacks"][0]["StackStatus"] == "CREATE_COMPLETE"
    assert set(physical_ids(cfn, name)) == {"Alerts", "Jobs"}


def test_an_executed_update_change_set_gives_the_stack_its_tags(aws, name):
    cfn = aws("cloudformation")
    deploy(cfn, name, QUEUE_AND_TOPIC, Tags=[{"Key": "commit", "Value": "one"}])
    cfn.create_change_set(StackName=name, ChangeSetName="apply", TemplateBody=json.dumps(with_timeout(60)),
                          ChangeSetType="UPDATE", Tags=[{"Key": "commit", "Value": "two"}])
    cfn.execute_change_set(StackName=name, ChangeSetName="apply")
    tags = cfn.describe_stacks(StackName=name)["Stacks"][0]["Tags"]
    assert tags == [{"Key": "commit", "Value": "two"}]


def test_a_create_change_set_for_a_name_in_review_reuses_it_and_one_for_a_live_stack_is_refused(aws, name):
    cfn = aws("cloudformation")
    for change_set in ("first", "second"):  # as when a retried call repeats the first
        cfn.create_change_set(StackName=name, ChangeSetName=change_set, TemplateBody=json.dumps(QUEUE_AND_TOPIC),
                              ChangeSetType="CREATE")
    assert [s["StackName"] for s in cfn.describe_stacks()["Stacks"]].count(name) == 1
    cfn.execute_change_set(StackName=name, ChangeSetName="second")
    assert cfn.describe_stacks(StackName=name)["Stacks"][0]["StackStatus"] == "CREATE_COMPLETE"
    with pytest.raises(cfn.exceptions.AlreadyExistsException):
        cfn.create_change_set(StackName=name, ChangeSetName="third", TemplateBody=json.dumps(QUEUE_AND_TOPIC),
                              ChangeSetType="CREATE")


def test_a_change_set_name_is_unique_per_stack(aws, name):
    cfn = aws("cloudformation")
    deploy(cfn, name, QUEUE_AND_TOPIC)
    cfn.create_change_set(StackName=name, ChangeSetName="again", TemplateBody=json.dumps(with_timeout(60)),
                          ChangeSetType="UPDATE")
    with pytest.raises(cfn.exceptions.AlreadyExistsException):
        cfn.create_change_set(StackName=name, ChangeSetName="again", TemplateBody=json.dumps(with_timeout(60)),
                              ChangeSetType="UPDATE")
    # moto lists every change set of the region whatever StackName says (see README).
    assert [c["ChangeSetName"] for c in cfn.list_change_sets(StackName=name)["Summaries"]
            if c["StackName"] == name and c["ExecutionStatus"] == "AVAILABLE"] == ["again"]


def test_a_resource_removed_then_added_again_is_made_again(aws, name):
    cfn, sqs, cloudwatch = aws("cloudformation"), aws("sqs"), aws("cloudwatch")
    queue, alarm = f"{name}-jobs", f"{name}-errors"
    both = {"Resources": {
        "Alerts": {"Type": "AWS::SNS::Topic"},
        "Jobs": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": queue}},
        "Errors": {"Type": "AWS::CloudWatch::Alarm", "Properties": {
            "AlarmName": alarm, "Namespace": "AWS/Lambda", "MetricName": "Errors", "Statistic": "Sum",
            "Period": 60, "EvaluationPeriods": 1, "Threshold": 1, "ComparisonOperator": "GreaterThanThreshold"}},
    }}
    topic_only = {"Resources": {"Alerts": {"Type": "AWS::SNS::Topic"}}}

    def live() -> tuple[list[str], list[str]]:
        queues = [url.rsplit("/", 1)[1] for url in sqs.list_queues(QueueNamePrefix=queue).get("QueueUrls", [])]
        alarms = [a["AlarmName"] for a in cloudwatch.describe_alarms(AlarmNames=[alarm])["MetricAlarms"]]
        return queues, alarms

    deploy(cfn, name, both)
    assert live() == ([queue], [alarm])
    update(cfn, name, topic_only)
    assert live() == ([], [])
    update(cfn, name, both)
    assert live() == ([queue], [alarm])
    # The same through change sets, as Ballast deploys.
    for step, template in [("remove", topic_only), ("add", both)]:
        change_set(cfn, name, step, template)
        cfn.execute_change_set(StackName=name, ChangeSetName=step)
    assert live() == ([queue], [alarm])
    assert set(physical_ids(cfn, name)) == {"Alerts", "Jobs", "Errors"}


def test_list_change_sets_names_the_stacks_own_and_execution_clears_the_others(aws, name):
    cfn = aws("cloudformation")
    deploy(cfn, name, QUEUE_AND_TOPIC)
    deploy(cfn, name + "-other", QUEUE_AND_TOPIC)
    change_set(cfn, name + "-other", "elsewhere", with_timeout(45))
    for seconds in (60, 90):
        change_set(cfn, name, f"timeout-{seconds}", with_timeout(seconds))
    listed = cfn.list_change_sets(StackName=name)["Summaries"]
    assert sorted(c["ChangeSetName"] for c in listed) == ["timeout-60", "timeout-90"]
    assert {c["StackName"] for c in listed} == {name}
    cfn.execute_change_set(StackName=name, ChangeSetName="timeout-90")
    remaining = cfn.list_change_sets(StackName=name)["Summaries"]
    assert [c["ChangeSetName"] for c in remaining if c["ExecutionStatus"] != "EXECUTE_COMPLETE"] == []
    assert [c["ChangeSetName"] for c in cfn.list_change_sets(StackName=name + "-other")["Summaries"]] == ["elsewhere"]
    with pytest.raises(cfn.exceptions.ClientError, match="does not exist"):
        cfn.list_change_sets(StackName=name + "-missing")


def test_a_change_set_name_is_looked_up_in_the_stack_the_call_names(aws, name):
    cfn = aws("cloudformation")
    for stack, seconds in ((name, 60), (name + "-b", 90)):
        deploy(cfn, stack, QUEUE_AND_TOPIC)
        change_set(cfn, stack, "same-name", with_timeout(seconds))
    described = cfn.describe_change_set(StackName=name + "-b", ChangeSetName="same-name")
    assert described["StackName"] == name + "-b"
    cfn.execute_change_set(StackName=name + "-b", ChangeSetName="same-name")
    queue = physical_ids(cfn, name + "-b")["Jobs"]
    assert aws("sqs").get_queue_attributes(QueueUrl=queue, AttributeNames=["VisibilityTimeout"])[
        "Attributes"]["VisibilityTimeout"] == "90"
    assert cfn.describe_change_set(StackName=name, ChangeSetName="same-name")["ExecutionStatus"] == "AVAILABLE"
    cfn.delete_change_set(StackName=name, ChangeSetName="same-name")
    with pytest.raises(cfn.exceptions.ChangeSetNotFoundException):
        cfn.describe_change_set(StackName=name, ChangeSetName="same-name")


def test_an_updated_stack_has_a_last_updated_time(aws, name):
    cfn = aws("cloudformation")
    created = deploy(cfn, name, QUEUE_AND_TOPIC)
    assert "LastUpdatedTime" not in created
    updated = update(cfn, name, with_timeout(60))
    assert updated["LastUpdatedTime"] >= created["CreationTime"]
    change_set(cfn, name, "again", with_timeout(90))
    cfn.execute_change_set(StackName=name, ChangeSetName="again")
    again = cfn.describe_stacks(StackName=name)["Stacks"][0]
    assert again["LastUpdatedTime"] > updated["LastUpdatedTime"]


def test_a_change_set_with_the_same_parameters_and_template_fails_as_a_change_set(aws, name):
    cfn = aws("cloudformation")
    template = {"Parameters": {"Label": {"Type": "String"}},
                "Resources": {"Alerts": {"Type": "AWS::SNS::Topic", "Properties": {"DisplayName": {"Ref": "Label"}}}}}
    deploy(cfn, name, template, Parameters=[{"ParameterKey": "Label", "ParameterValue": "orders"}])
    for change_set_name, parameter in (("same", {"ParameterKey": "Label", "ParameterValue": "orders"}),
                                       ("previous", {"ParameterKey": "Label", "UsePreviousValue": True})):
        cfn.create_change_set(StackName=name, ChangeSetName=change_set_name, TemplateBody=json.dumps(template),
                              Parameters=[parameter], ChangeSetType="UPDATE")
        described = cfn.describe_change_set(StackName=name, ChangeSetName=change_set_name)
        assert (described["Status"], described["ExecutionStatus"]) == ("FAILED", "UNAVAILABLE")
        assert "didn't contain changes" in described["StatusReason"]

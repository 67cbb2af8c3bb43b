"""The emulator's fault knob reaches UPDATE_ROLLBACK_FAILED, and ContinueUpdateRollback (with
ResourcesToSkip) leaves it, as on AWS. On plain moto the update simply succeeds."""
import json
import time

import pytest


def template(timeout: int, fault: bool = False) -> dict:
    queue = {"Type": "AWS::SQS::Queue", "Properties": {"VisibilityTimeout": timeout}}
    if fault:
        queue["Metadata"] = {"BallastEmulatorFault": "UpdateAndRollback"}
    return {"Resources": {"Jobs": queue, "Alerts": {"Type": "AWS::SNS::Topic"}}}


def settle(cfn, stack: str) -> str:
    deadline = time.monotonic() + 20
    while (status := cfn.describe_stacks(StackName=stack)["Stacks"][0]["StackStatus"]).endswith("_IN_PROGRESS"):
        assert time.monotonic() < deadline, status
        time.sleep(0.05)
    return status


def test_a_faulty_update_ends_update_rollback_failed_until_the_resource_is_skipped(fast_aws, name):
    cfn = fast_aws("cloudformation")
    cfn.create_stack(StackName=name, TemplateBody=json.dumps(template(30)))
    settle(cfn, name)
    cfn.update_stack(StackName=name, TemplateBody=json.dumps(template(60, fault=True)))
    assert settle(cfn, name) == "UPDATE_ROLLBACK_FAILED"
    failed = [e for e in cfn.describe_stack_events(StackName=name)["StackEvents"]
              if e["ResourceStatus"] == "UPDATE_FAILED"]
    assert [e["LogicalResourceId"] for e in failed] == ["Jobs", "Jobs"]  # the update, then its rollback
    with pytest.raises(cfn.exceptions.ClientError, match="UPDATE_ROLLBACK_FAILED state and can not be updated"):
        cfn.update_stack(StackName=name, TemplateBody=json.dumps(template(90)))  # refused: it needs a human

    cfn.continue_update_rollback(StackName=name)
    assert settle(cfn, name) == "UPDATE_ROLLBACK_FAILED"  # the resource still cannot be put back

    cfn.continue_update_rollback(StackName=name, ResourcesToSkip=["Jobs"])
    assert settle(cfn, name) == "UPDATE_ROLLBACK_COMPLETE"
    assert dict(cfn.get_template(StackName=name)["TemplateBody"]) == template(30)
    with pytest.raises(cfn.exceptions.ClientError, match="can not continue to roll back"):
        cfn.continue_update_rollback(StackName=name)


def test_a_faulty_change_set_fails_its_execution(fast_aws, name):
    cfn = fast_aws("cloudformation")
    cfn.create_stack(StackName=name, TemplateBody=json.dumps(template(30)))
    settle(cfn, name)
    cfn.create_change_set(StackName=name, ChangeSetName="faulty", ChangeSetType="UPDATE",
                          TemplateBody=json.dumps(template(60, fault=True)))
    while cfn.describe_change_set(StackName=name, ChangeSetName="faulty")["Status"] != "CREATE_COMPLETE":
        time.sleep(0.05)
    cfn.execute_change_set(StackName=name, ChangeSetName="faulty")
    assert settle(cfn, name) == "UPDATE_ROLLBACK_FAILED"
    assert cfn.describe_change_set(StackName=name, ChangeSetName="faulty")["ExecutionStatus"] == "EXECUTE_FAILED"

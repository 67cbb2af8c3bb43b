"""With the `fast` latency profile, stack operations progress in the background as on AWS:
in-progress states, one event pair per resource in dependency order, refusals while busy.
Each test fails against plain moto (`--latency instant`), where everything is done at once."""
import json
import time

import pytest

from conftest import _clients, running_emulator

QUEUE_CHAIN = 10  # each queue depends on the one before: the stack takes 10 resource delays


def chain(count: int = QUEUE_CHAIN, timeout: int = 30) -> dict:
    resources = {}
    for index in range(count):
        body = {"Type": "AWS::SQS::Queue", "Properties": {"VisibilityTimeout": timeout}}
        if index:
            body["DependsOn"] = f"Q{index - 1}"
        resources[f"Q{index}"] = body
    return {"Resources": resources}


def status(cfn, stack: str) -> str:
    return cfn.describe_stacks(StackName=stack)["Stacks"][0]["StackStatus"]


def settle(cfn, stack: str, seconds: float = 20) -> str:
    deadline = time.monotonic() + seconds
    while (current := status(cfn, stack)).endswith("_IN_PROGRESS") and time.monotonic() < deadline:
        time.sleep(0.05)
    return current


def events(cfn, stack: str) -> list[dict]:
    return cfn.describe_stack_events(StackName=stack)["StackEvents"]


def test_a_create_is_in_progress_then_complete_with_an_event_pair_per_resource_in_order(fast_aws, name):
    cfn = fast_aws("cloudformation")
    cfn.create_stack(StackName=name, TemplateBody=json.dumps(chain()))
    assert status(cfn, name) == "CREATE_IN_PROGRESS"
    assert settle(cfn, name) == "CREATE_COMPLETE"

    newest_first = events(cfn, name)
    times = [e["Timestamp"] for e in newest_first]
    assert times == sorted(times, reverse=True)
    oldest_first = [(e["LogicalResourceId"], e["ResourceStatus"]) for e in reversed(newest_first)]
    assert oldest_first[0] == (name, "CREATE_IN_PROGRESS") and oldest_first[-1] == (name, "CREATE_COMPLETE")
    expected = [(f"Q{i}", s) for i in range(QUEUE_CHAIN) for s in ("CREATE_IN_PROGRESS", "CREATE_COMPLETE")]
    assert oldest_first[1:-1] == expected
    completed = {e["LogicalResourceId"]: e for e in newest_first if e["ResourceStatus"] == "CREATE_COMPLETE"}
    assert completed["Q3"]["PhysicalResourceId"].endswith("Q3") or "Q3" in completed["Q3"]["PhysicalResourceId"]


def test_events_are_revealed_as_time_passes(fast_aws, name):
    cfn = fast_aws("cloudformation")
    cfn.create_stack(StackName=name, TemplateBody=json.dumps(chain()))
    early = events(cfn, name)
    assert 1 <= len(early) < 2 * QUEUE_CHAIN + 2
    settle(cfn, name)
    assert len(events(cfn, name)) == 2 * QUEUE_CHAIN + 2


def test_independent_resources_proceed_in_parallel(fast_aws, name):
    cfn = fast_aws("cloudformation")
    parallel = {"Resources": {f"Q{i}": {"Type": "AWS::SQS::Queue"} for i in range(QUEUE_CHAIN)}}
    cfn.create_stack(StackName=name, TemplateBody=json.dumps(parallel))
    settle(cfn, name)
    started = {e["Timestamp"] for e in events(cfn, name) if e["ResourceStatus"] == "CREATE_IN_PROGRESS"
               and e["LogicalResourceId"] != name}
    assert len(started) == 1


def test_an_update_is_refused_while_one_is_in_progress_and_cleans_up_before_completing(fast_aws, name):
    cfn = fast_aws("cloudformation")
    cfn.create_stack(StackName=name, TemplateBody=json.dumps(chain()))
    with pytest.raises(cfn.exceptions.ClientError) as refused:
        cfn.update_stack(StackName=name, TemplateBody=json.dumps(chain(timeout=60)))
    stack_id = cfn.describe_stacks(StackName=name)["Stacks"][0]["StackId"]
    assert refused.value.response["Error"]["Code"] == "ValidationError"
    assert refused.value.response["Error"]["Message"] == (
        f"Stack:{stack_id} is in CREATE_IN_PROGRESS state and can not be updated.")
    settle(cfn, name)

    cfn.update_stack(StackName=name, TemplateBody=json.dumps(chain(count=QUEUE_CHAIN - 1, timeout=60)))
    assert status(cfn, name) == "UPDATE_IN_PROGRESS"
    with pytest.raises(cfn.exceptions.ClientError, match="cannot be deleted while in status UPDATE_"):
        cfn.delete_stack(StackName=name)
    seen = set()
    while (current := status(cfn, name)).endswith("_IN_PROGRESS"):
        seen.add(current)
        time.sleep(0.02)
    assert current == "UPDATE_COMPLETE"
    assert "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS" in seen
    latest = [(e["LogicalResourceId"], e["ResourceStatus"]) for e in events(cfn, name)]
    last = latest[:latest.index((name, "UPDATE_IN_PROGRESS")) + 1][::-1]
    assert (f"Q{QUEUE_CHAIN - 1}", "DELETE_COMPLETE") in last
    assert last.index((name, "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS")) < last.index((f"Q{QUEUE_CHAIN - 1}", "DELETE_IN_PROGRESS"))
    assert last.index(("Q0", "UPDATE_COMPLETE")) < last.index((name, "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS"))


def test_a_change_set_is_pending_then_computed_and_its_stack_refuses_changes_while_executing(fast_aws, name):
    cfn = fast_aws("cloudformation")
    cfn.create_change_set(StackName=name, ChangeSetName="first", ChangeSetType="CREATE",
                          TemplateBody=json.dumps(chain()))
    described = cfn.describe_change_set(StackName=name, ChangeSetName="first")
    assert (described["Status"], described["ExecutionStatus"]) == ("CREATE_PENDING", "UNAVAILABLE")
    with pytest.raises(cfn.exceptions.InvalidChangeSetStatusException, match=r"current status of \[CREATE_"):
        cfn.execute_change_set(StackName=name, ChangeSetName="first")
    seen = {described["Status"]}
    while (described := cfn.describe_change_set(StackName=name, ChangeSetName="first"))["Status"] != "CREATE_COMPLETE":
        seen.add(described["Status"])
        time.sleep(0.02)
    assert seen == {"CREATE_PENDING", "CREATE_IN_PROGRESS"}
    assert described["ExecutionStatus"] == "AVAILABLE"

    cfn.execute_change_set(StackName=name, ChangeSetName="first")
    assert status(cfn, name) == "CREATE_IN_PROGRESS"
    executing = cfn.describe_change_set(StackName=name, ChangeSetName="first")
    assert executing["ExecutionStatus"] == "EXECUTE_IN_PROGRESS"
    with pytest.raises(cfn.exceptions.InvalidChangeSetStatusException,
                       match=r"current execution status of \[EXECUTE_IN_PROGRESS\]"):
        cfn.execute_change_set(StackName=name, ChangeSetName="first")  # a second reconciler's, say
    with pytest.raises(cfn.exceptions.ClientError, match="is in CREATE_IN_PROGRESS state and can not be updated"):
        cfn.create_change_set(StackName=name, ChangeSetName="second", ChangeSetType="UPDATE",
                              TemplateBody=json.dumps(chain(timeout=60)))
    assert settle(cfn, name) == "CREATE_COMPLETE"
    assert cfn.describe_change_set(StackName=name, ChangeSetName="first")["ExecutionStatus"] == "EXECUTE_COMPLETE"


def test_a_stack_being_deleted_is_found_by_name_until_it_is_gone(fast_aws, name):
    cfn = fast_aws("cloudformation")
    cfn.create_stack(StackName=name, TemplateBody=json.dumps(chain()))
    settle(cfn, name)
    stack_id = cfn.describe_stacks(StackName=name)["Stacks"][0]["StackId"]
    cfn.delete_stack(StackName=name)
    assert status(cfn, name) == "DELETE_IN_PROGRESS"
    assert name in [s["StackName"] for s in cfn.describe_stacks()["Stacks"]]
    with pytest.raises(cfn.exceptions.AlreadyExistsException):
        cfn.create_stack(StackName=name, TemplateBody=json.dumps(chain()))
    cfn.delete_stack(StackName=name)  # accepted, as on AWS
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            status(cfn, name)
        except cfn.exceptions.ClientError as error:
            assert "does not exist" in error.response["Error"]["Message"]
            break
        time.sleep(0.05)
    else:
        pytest.fail("the stack was never deleted")
    deleted = [(e["LogicalResourceId"], e["ResourceStatus"]) for e in reversed(events(cfn, stack_id))
               if e["ResourceStatus"].startswith("DELETE_")]
    assert deleted[0] == (name, "DELETE_IN_PROGRESS") and deleted[-1] == (name, "DELETE_COMPLETE")
    # reverse dependency order: the last queue of the chain goes first
    assert deleted.index(("Q9", "DELETE_COMPLETE")) < deleted.index(("Q8", "DELETE_IN_PROGRESS"))


def test_events_come_in_pages_of_a_hundred(fast_aws, name):
    cfn = fast_aws("cloudformation")
    many = {"Resources": {f"Q{i}": {"Type": "AWS::SQS::Queue"} for i in range(60)}}
    cfn.create_stack(StackName=name, TemplateBody=json.dumps(many))
    settle(cfn, name)
    first = cfn.describe_stack_events(StackName=name)
    assert len(first["StackEvents"]) == 100 and "NextToken" in first
    second = cfn.describe_stack_events(StackName=name, NextToken=first["NextToken"])
    assert len(second["StackEvents"]) == 22 and "NextToken" not in second
    ids = [e["EventId"] for e in first["StackEvents"] + second["StackEvents"]]
    assert len(set(ids)) == 122


def test_fast_is_the_emulators_default_profile(tmp_path, monkeypatch):
    monkeypatch.delenv("BALLAST_EMULATOR_LATENCY", raising=False)
    with running_emulator(tmp_path, tmp_path / "violations.jsonl") as url:
        cfn = _clients(url)("cloudformation")
        cfn.create_stack(StackName="default", TemplateBody=json.dumps(chain()))
        assert status(cfn, "default") == "CREATE_IN_PROGRESS"


def test_the_environment_selects_the_default_profile(tmp_path, monkeypatch):
    monkeypatch.setenv("BALLAST_EMULATOR_LATENCY", "instant")
    with running_emulator(tmp_path, tmp_path / "violations.jsonl") as url:
        cfn = _clients(url)("cloudformation")
        cfn.create_stack(StackName="default", TemplateBody=json.dumps(chain()))
        assert status(cfn, "default") == "CREATE_COMPLETE"


def test_a_resource_whose_condition_is_false_gets_no_events(fast_aws, name):
    cfn = fast_aws("cloudformation")
    template = {
        "Conditions": {"Never": {"Fn::Equals": ["a", "b"]}},
        "Resources": {"Made": {"Type": "AWS::SQS::Queue"}, "Skipped": {"Type": "AWS::SQS::Queue", "Condition": "Never"}},
    }
    cfn.create_stack(StackName=name, TemplateBody=json.dumps(template))
    assert settle(cfn, name) == "CREATE_COMPLETE"
    assert {e["LogicalResourceId"] for e in events(cfn, name)} == {name, "Made"}

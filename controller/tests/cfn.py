"""CloudFormation helpers shared by the tests: deploy a template, read back what it made."""
import json


def deploy(cfn, stack_name: str, template: dict, **kwargs) -> dict:
    """Create a stack and return it; fails the test unless it reaches CREATE_COMPLETE."""
    cfn.create_stack(StackName=stack_name, TemplateBody=json.dumps(template), **kwargs)
    stack = cfn.describe_stacks(StackName=stack_name)["Stacks"][0]
    assert stack["StackStatus"] == "CREATE_COMPLETE", stack
    return stack


def update(cfn, stack_name: str, template: dict, **kwargs) -> dict:
    cfn.update_stack(StackName=stack_name, TemplateBody=json.dumps(template), **kwargs)
    stack = cfn.describe_stacks(StackName=stack_name)["Stacks"][0]
    assert stack["StackStatus"] == "UPDATE_COMPLETE", stack
    return stack


def physical_ids(cfn, stack_name: str) -> dict[str, str]:
    """Logical id → physical id of every resource of a stack (None where moto has none: ApiGateway::Method)."""
    resources = cfn.describe_stack_resources(StackName=stack_name)["StackResources"]
    return {r["LogicalResourceId"]: r.get("PhysicalResourceId") for r in resources}


def outputs(stack: dict) -> dict[str, str]:
    return {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}

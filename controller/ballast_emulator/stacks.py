"""Stack-level fixes to moto's CloudFormation: updates, change sets, termination protection.

- A resource without a `Properties` key was modified on every update: moto adds
  `Properties: {}` to the stored template while parsing, so the next template
  differs from it. An SNS topic then got a new ARN on each deploy, a no-op change
  set listed a Modify, and so on. The diff now treats a missing `Properties` as
  `{}` on both sides.
- A modified resource whose moto type has no update support (RDS DBInstance and
  others) was replaced by None in the stack, losing its physical id; it is now
  kept (with its old properties; see README).
- UpdateStack with the same template, parameters and tags was accepted (moto only
  checked when parameters were passed, comparing template text); AWS refuses it
  with ValidationError "No updates are to be performed.".
- ExecuteChangeSet ran a change set whatever its state, including one that FAILED
  for containing no changes; AWS refuses with InvalidChangeSetStatus.
- UpdateTerminationProtection was not implemented (HTTP 500). It now sets the
  flag DescribeStacks reports, and DeleteStack on a protected stack fails with
  ValidationError, as in AWS.
"""
from typing import Any

from moto.cloudformation import parsing
from moto.cloudformation.exceptions import CloudFormationError, ValidationError
from moto.cloudformation.models import CloudFormationBackend
from moto.cloudformation.parsing import ResourceMap
from moto.cloudformation.responses import CloudFormationResponse
from moto.core.responses import ActionResult


class InvalidChangeSetStatus(CloudFormationError):
    code = "InvalidChangeSetStatus"


_build_resource_diff = ResourceMap.build_resource_diff


def _diff_with_missing_properties_as_empty(self: ResourceMap, other_template: dict[str, Any], *args: Any) -> Any:
    for resource in [*self._resource_json_map.values(), *other_template["Resources"].values()]:
        resource.setdefault("Properties", {})
    return _build_resource_diff(self, other_template, *args)


ResourceMap.build_resource_diff = _diff_with_missing_properties_as_empty  # type: ignore[method-assign]

_parse_and_update_resource = parsing.parse_and_update_resource


def _update_or_keep_resource(logical_id: str, resource_json: dict[str, Any], resources_map: ResourceMap,
                             account_id: str, region_name: str) -> Any:
    updated = _parse_and_update_resource(logical_id, resource_json, resources_map, account_id, region_name)
    return updated if updated is not None else resources_map[logical_id]


parsing.parse_and_update_resource = _update_or_keep_resource

_update_stack = CloudFormationResponse.update_stack


def _update_stack_refusing_no_changes(self: CloudFormationResponse) -> ActionResult:
    stack = self.cloudformation_backend.get_stack(self._get_param("StackName"))
    if self._get_bool_param("UsePreviousTemplate", False):
        body = stack.template
    else:
        body = self._get_param("TemplateBody")  # a TemplateURL update is always applied
    parameters = self._get_param_values(self._get_param("Parameters", []), stack.stack_parameters)
    tags = {tag["Key"]: tag["Value"] for tag in self._get_param("Tags", [])}
    if body and stack.has_template(body) and stack.has_parameters(parameters) and tags in ({}, stack.tags):
        raise ValidationError(stack.name, message="No updates are to be performed.")
    return _update_stack(self)


CloudFormationResponse.update_stack = _update_stack_refusing_no_changes  # type: ignore[method-assign]

_execute_change_set = CloudFormationBackend.execute_change_set


def _execute_available_change_set(self: CloudFormationBackend, change_set_name: str, stack_name: str | None = None) -> None:
    change_set = self.describe_change_set(change_set_name)
    if change_set.execution_status != "AVAILABLE":
        raise InvalidChangeSetStatus(
            f"ChangeSet [{change_set.change_set_id}] cannot be executed in its current "
            f"execution status of [{change_set.execution_status}]"
        )
    _execute_change_set(self, change_set_name, stack_name)
    # moto registers a stack's exports only in CreateStack: a stack created or updated through
    # a change set exported nothing, and every Fn::ImportValue of it failed. As in AWS, its
    # current exports replace the ones it had.
    stack = self.stacks[change_set.stack_id]
    # moto also leaves the stack's outputs as they were before the change set (none, for a
    # stack the change set created): rebuild them from the template now in force.
    stack._parse_template()
    stack.output_map = stack._create_output_map()
    for name in [name for name, export in self.exports.items() if export.exporting_stack_id == stack.stack_id]:
        del self.exports[name]
    for export in stack.exports:
        self.exports[export.name] = export


CloudFormationBackend.execute_change_set = _execute_available_change_set  # type: ignore[method-assign]

_create_change_set = CloudFormationBackend.create_change_set


def _create_change_set_seeing_exports(self: CloudFormationBackend, *args, **kwargs):  # noqa: ANN002, ANN003
    # moto makes the stack of a CREATE change set without the region's exports, so its
    # Fn::ImportValue never resolves: give it (and its resource map) the backend's exports,
    # as CreateStack does.
    result = _create_change_set(self, *args, **kwargs)
    for stack in self.stacks.values():
        if stack.cross_stack_resources is not self.exports:
            stack.cross_stack_resources = self.exports
            stack.resource_map.cross_stack_resources = self.exports
    return result


CloudFormationBackend.create_change_set = _create_change_set_seeing_exports  # type: ignore[method-assign]


def _update_termination_protection(self: CloudFormationResponse) -> ActionResult:
    stack = self.cloudformation_backend.get_stack(self._get_param("StackName"))
    stack.enable_termination_protection = self._get_bool_param("EnableTerminationProtection")
    return ActionResult({"StackId": stack.stack_id})


CloudFormationResponse.update_termination_protection = _update_termination_protection  # type: ignore[attr-defined]

_delete_stack = CloudFormationBackend.delete_stack


def _delete_unprotected_stack(self: CloudFormationBackend, name_or_stack_id: str) -> None:
    for stack in self.stacks.values():
        if name_or_stack_id in (stack.name, stack.stack_id) and stack.enable_termination_protection:
            raise ValidationError(
                message=f"Stack [{stack.name}] cannot be deleted while TerminationProtection is enabled"
            )
    _delete_stack(self, name_or_stack_id)


CloudFormationBackend.delete_stack = _delete_unprotected_stack  # type: ignore[method-assign]

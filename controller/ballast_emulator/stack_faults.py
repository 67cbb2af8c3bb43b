"""An emulator-only fault knob: a resource that fails to update and fails to roll back, so a
test can reach `UPDATE_ROLLBACK_FAILED`; and ContinueUpdateRollback, which moto lacks.

A resource whose template carries `Metadata: {BallastEmulatorFault: UpdateAndRollback}` and
that an update adds or changes (UpdateStack, or ExecuteChangeSet of an UPDATE change set)
fails: nothing of the update is applied, the stack gets `UPDATE_FAILED` for the resource,
`UPDATE_ROLLBACK_IN_PROGRESS`, `UPDATE_FAILED` again (its rollback failed too) and ends
`UPDATE_ROLLBACK_FAILED`, as a stack does on AWS when a resource changed outside
CloudFormation cannot be put back. AWS ignores the key (it is ordinary Metadata); only this
emulator acts on it.

ContinueUpdateRollback (moto: not implemented, HTTP 500) on an `UPDATE_ROLLBACK_FAILED`
stack rolls back again: with the failed resource in `ResourcesToSkip` the stack ends
`UPDATE_ROLLBACK_COMPLETE` (the resource is marked skipped), without it the rollback fails
again. On a stack in any other state it is refused with ValidationError.
"""
from typing import Any

from moto.cloudformation.exceptions import ValidationError
from moto.cloudformation.models import CloudFormationBackend, Event, Stack
from moto.cloudformation.responses import CloudFormationResponse
from moto.core.responses import EmptyResult

FAULT_KEY = "BallastEmulatorFault"
UPDATE_AND_ROLLBACK = "UpdateAndRollback"
_FAILED_RESOURCE = "_ballast_rollback_failed_resource"


def _template(template: Any) -> dict[str, Any]:
    if isinstance(template, dict):
        return template
    try:
        return Stack.parse_template(template)
    except Exception:  # noqa: BLE001 (moto reports an unreadable template itself)
        return {}


def faulty_resource(old: Any, new: Any) -> tuple[str, str] | None:
    """The (logical id, type) of a resource the update adds or changes that is marked to fail."""
    before = _template(old).get("Resources", {}) or {}
    for logical_id, body in (_template(new).get("Resources", {}) or {}).items():
        if not isinstance(body, dict) or (body.get("Metadata") or {}).get(FAULT_KEY) != UPDATE_AND_ROLLBACK:
            continue
        if before.get(logical_id) != body:
            return logical_id, body.get("Type", "")
    return None


def _resource_event(stack: Stack, logical_id: str, resource_type: str, status: str, reason: str | None) -> None:
    physical = ""
    resource = stack.resource_map._parsed_resources.get(logical_id)
    if isinstance(getattr(resource, "physical_resource_id", None), str):
        physical = resource.physical_resource_id
    stack.events.append(Event(
        stack_id=stack.stack_id, stack_name=stack.name, logical_resource_id=logical_id,
        physical_resource_id=physical, resource_type=resource_type, resource_status=status,
        resource_status_reason=reason, resource_properties=None))


def _rollback_fails(stack: Stack, logical_id: str, resource_type: str) -> None:
    _resource_event(stack, logical_id, resource_type, "UPDATE_IN_PROGRESS", None)
    _resource_event(stack, logical_id, resource_type, "UPDATE_FAILED",
                    "Resource handler returned message: \"The resource was changed outside CloudFormation "
                    "and cannot be restored\" (emulator fault)")
    stack._add_stack_event("UPDATE_ROLLBACK_FAILED", resource_status_reason=(
        f"The following resource(s) failed to update: [{logical_id}]. "))
    stack.status = "UPDATE_ROLLBACK_FAILED"
    setattr(stack, _FAILED_RESOURCE, (logical_id, resource_type))


def fail_update(stack: Stack, logical_id: str, resource_type: str) -> None:
    """The events and status of an update whose resource fails, and whose rollback fails."""
    stack._add_stack_event("UPDATE_IN_PROGRESS", resource_status_reason="User Initiated")
    _resource_event(stack, logical_id, resource_type, "UPDATE_IN_PROGRESS", None)
    _resource_event(stack, logical_id, resource_type, "UPDATE_FAILED",
                    "Resource handler returned message: \"Update failed\" (emulator fault)")
    stack._add_stack_event("UPDATE_ROLLBACK_IN_PROGRESS", resource_status_reason=(
        f"The following resource(s) failed to update: [{logical_id}]. "))
    _rollback_fails(stack, logical_id, resource_type)


_update_stack = CloudFormationBackend.update_stack


def _update_stack_with_faults(self: CloudFormationBackend, name: str, template: str, *args: Any,
                              **kwargs: Any) -> Stack:
    stack = self.get_stack(name)
    if (fault := faulty_resource(stack.template_dict, template)) is None:
        return _update_stack(self, name, template, *args, **kwargs)
    fail_update(stack, *fault)
    return stack


CloudFormationBackend.update_stack = _update_stack_with_faults  # type: ignore[method-assign]

_execute_change_set = CloudFormationBackend.execute_change_set


def _execute_change_set_with_faults(self: CloudFormationBackend, change_set_name: str,
                                    stack_name: str | None = None) -> None:
    change_set = self.describe_change_set(change_set_name)
    stack = self.stacks.get(change_set.stack_id)
    fault = faulty_resource(stack.template_dict, change_set.template) if stack is not None else None
    if change_set.change_set_type != "UPDATE" or change_set.execution_status != "AVAILABLE" or fault is None:
        _execute_change_set(self, change_set_name, stack_name)
        return
    change_set.execution_status = "EXECUTE_FAILED"
    fail_update(stack, *fault)


CloudFormationBackend.execute_change_set = _execute_change_set_with_faults  # type: ignore[method-assign]


def _continue_update_rollback(self: CloudFormationResponse) -> EmptyResult:
    stack = self.cloudformation_backend.get_stack(self._get_param("StackName"))
    if stack.status != "UPDATE_ROLLBACK_FAILED":
        raise ValidationError(
            message=f"Stack:{stack.stack_id} is in {stack.status} state and can not continue to roll back.")
    skipped = set(self._get_param("ResourcesToSkip", []) or [])
    logical_id, resource_type = getattr(stack, _FAILED_RESOURCE)
    stack._add_stack_event("UPDATE_ROLLBACK_IN_PROGRESS", resource_status_reason="Continue update rollback initiated")
    if logical_id not in skipped:
        _rollback_fails(stack, logical_id, resource_type)
        return EmptyResult()
    _resource_event(stack, logical_id, resource_type, "UPDATE_COMPLETE", "Resource skipped during UpdateRollback")
    stack._add_stack_event("UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS")
    stack._add_stack_event("UPDATE_ROLLBACK_COMPLETE")
    stack.status = "UPDATE_ROLLBACK_COMPLETE"
    return EmptyResult()


CloudFormationResponse.continue_update_rollback = _continue_update_rollback  # type: ignore[attr-defined]

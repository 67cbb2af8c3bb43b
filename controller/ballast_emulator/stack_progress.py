"""Stack operations take time, as in CloudFormation (latency profiles other than `instant`).

moto 5.2.1 does a stack operation entirely inside the call: CreateStack, UpdateStack,
ExecuteChangeSet and DeleteStack return with the stack in its final state, no caller ever
sees `*_IN_PROGRESS`, nothing is refused for being busy, and DescribeStackEvents has the
stack's own events only. Here moto still does the work at once, but what a caller can
observe follows the clock, as if CloudFormation were working in the background:

- DescribeStacks (and ListStacks, ListChangeSets, …) shows `CREATE_IN_PROGRESS`,
  `UPDATE_IN_PROGRESS`, `UPDATE_COMPLETE_CLEANUP_IN_PROGRESS` or `DELETE_IN_PROGRESS` until
  the operation's time has passed, then its final state. A stack being deleted is still
  found by name until then.
- The operation's time: resources in dependency order (DependsOn, Ref, Fn::GetAtt and
  Fn::Sub references), each taking the profile's delay for its type; a resource whose
  dependencies are done starts at once, so independent resources proceed in parallel.
  Removed resources are deleted after the others are done, in reverse dependency order.
- DescribeStackEvents gives one `*_IN_PROGRESS` and one `*_COMPLETE` event per resource
  (physical ids on the complete ones) and the stack's own, each once its time has come,
  newest first, 100 to a page with a NextToken (as AWS pages them).
- A change set is `CREATE_PENDING`, then `CREATE_IN_PROGRESS` (ExecutionStatus
  `UNAVAILABLE`), then `CREATE_COMPLETE`; ExecuteChangeSet before that fails with
  InvalidChangeSetStatus, in AWS's words. An executed change set is `EXECUTE_IN_PROGRESS`
  while its stack is, and executing it again is InvalidChangeSetStatus (its own state is
  checked before its stack's).
- UpdateStack, ExecuteChangeSet, CreateChangeSet (UPDATE) and DeleteStack on a stack with
  an operation in progress (the first three also on a stack in `UPDATE_ROLLBACK_FAILED`,
  `ROLLBACK_COMPLETE`, `ROLLBACK_FAILED` or `DELETE_FAILED`, whatever the profile) fail with AWS's ValidationError ("Stack:ARN is in
  UPDATE_IN_PROGRESS state and can not be updated.", "Stack [ARN] cannot be deleted while in
  status UPDATE_IN_PROGRESS"); CreateStack of a name being deleted is AlreadyExistsException.
  DeleteStack of a stack being created or deleted is accepted, as in AWS.

A failed operation (a resource failing, see `stacks.py` and `stack_faults.py`) shows its
events one after another in the same way before its final state.
"""
import base64
import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from moto.cloudformation.exceptions import ValidationError
from moto.cloudformation.models import ChangeSet, CloudFormationBackend, Event, Stack
from moto.cloudformation.responses import CloudFormationResponse
from moto.core.responses import ActionResult
from moto.core.utils import utcnow

from . import latency
from .stacks import AlreadyExistsException, InvalidChangeSetStatus

STACK_TYPE = "AWS::CloudFormation::Stack"
EVENTS_PAGE = 100

_TIMELINE = "_ballast_timeline"
_STATUS = "_ballast_status"
_EXECUTION_STATUS = "_ballast_execution_status"
_CHANGE_SET_STATUS = "_ballast_change_set_status"
_COMPUTED_AT = "_ballast_computed_at"
_EXECUTED_BY = "_ballast_executed_by"


@dataclass
class Timeline:
    """The events of one stack operation, in time order; the stack's own events set its status."""

    events: list[Event]

    @property
    def ends(self) -> datetime:
        return self.events[-1].timestamp

    def running(self, now: datetime) -> bool:
        return now < self.ends

    def status_at(self, now: datetime) -> str | None:
        """The stack status the last revealed stack event gives, while the operation runs."""
        if not self.running(now):
            return None
        shown = [e for e in self.events if e.timestamp <= now and e.resource_type == STACK_TYPE]
        return shown[-1].resource_status if shown else None


def timed() -> bool:
    """Whether stack operations take time in the profile in force."""
    return latency.current().name != "instant"


def timeline_of(stack: Stack) -> Timeline | None:
    return stack.__dict__.get(_TIMELINE)


def in_progress(stack: Stack) -> bool:
    timeline = timeline_of(stack)
    return timeline is not None and timeline.running(utcnow())


# --- status as the clock shows it -------------------------------------------------------

def _stack_status(self: Stack) -> str | None:
    timeline = timeline_of(self)
    if timeline is not None and (shown := timeline.status_at(utcnow())) is not None:
        return shown
    return self.__dict__.get(_STATUS)


def _set_stack_status(self: Stack, value: str | None) -> None:
    self.__dict__[_STATUS] = value


Stack.status = property(_stack_status, _set_stack_status)  # type: ignore[assignment]


def _change_set_status(self: ChangeSet) -> str | None:
    computed_at = self.__dict__.get(_COMPUTED_AT)
    if computed_at is not None and (now := utcnow()) < computed_at:
        pending = computed_at - timedelta(seconds=latency.current().change_set_seconds / 2)
        return "CREATE_PENDING" if now < pending else "CREATE_IN_PROGRESS"
    return self.__dict__.get(_CHANGE_SET_STATUS)


def _set_change_set_status(self: ChangeSet, value: str | None) -> None:
    self.__dict__[_CHANGE_SET_STATUS] = value


def _execution_status(self: ChangeSet) -> str | None:
    computed_at = self.__dict__.get(_COMPUTED_AT)
    if computed_at is not None and utcnow() < computed_at:
        return "UNAVAILABLE"
    stack = self.__dict__.get("stack")
    if stack is not None and stack.__dict__.get(_EXECUTED_BY) is self and in_progress(stack):
        return "EXECUTE_IN_PROGRESS"
    return self.__dict__.get(_EXECUTION_STATUS)


def _set_execution_status(self: ChangeSet, value: str | None) -> None:
    self.__dict__[_EXECUTION_STATUS] = value


ChangeSet.status = property(_change_set_status, _set_change_set_status)  # type: ignore[assignment]
ChangeSet.execution_status = property(_execution_status, _set_execution_status)  # type: ignore[assignment]


# --- the schedule -------------------------------------------------------------------------

_SUB_REFERENCE = re.compile(r"\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}")


def references(resource: Any, logical_ids: set[str]) -> set[str]:
    """The logical ids among `logical_ids` that a resource's JSON depends on."""
    found: set[str] = set()

    def visit(value: Any) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                if key == "Ref" and isinstance(inner, str):
                    found.add(inner)
                elif key == "Fn::GetAtt":
                    target = inner[0] if isinstance(inner, list) and inner else str(inner).split(".")[0]
                    found.add(target)
                elif key == "Fn::Sub":
                    text = inner[0] if isinstance(inner, list) and inner else inner
                    if isinstance(text, str):
                        found.update(_SUB_REFERENCE.findall(text))
                visit(inner)
        elif isinstance(value, list):
            for inner in value:
                visit(inner)

    if isinstance(resource, dict):
        depends_on = resource.get("DependsOn", [])
        found.update([depends_on] if isinstance(depends_on, str) else depends_on)
        visit({k: v for k, v in resource.items() if k != "DependsOn"})
    return found & logical_ids


def schedule(resources: dict[str, dict[str, Any]], start: datetime, reverse: bool = False
             ) -> dict[str, tuple[datetime, datetime]]:
    """When each resource starts and ends: after the resources it depends on (`reverse`: after
    those that depend on it, as deletion goes), each taking its type's delay."""
    ids = set(resources)
    depends = {lid: references(body, ids) - {lid} for lid, body in resources.items()}
    if reverse:
        depends = {lid: {other for other in ids if lid in depends[other]} for lid in ids}
    profile = latency.current()
    times: dict[str, tuple[datetime, datetime]] = {}
    visiting: set[str] = set()

    def visit(lid: str) -> datetime:
        if lid in times:
            return times[lid][1]
        visiting.add(lid)
        begin = max([visit(d) for d in sorted(depends[lid]) if d not in visiting] + [start])
        visiting.discard(lid)
        seconds = profile.stack_resource_seconds.get(
            resources[lid].get("Type", ""), profile.stack_default_resource_seconds)
        times[lid] = (begin, begin + timedelta(seconds=seconds))
        return times[lid][1]

    for lid in sorted(ids):
        visit(lid)
    return times


def _event(stack: Stack, at: datetime, logical_id: str, physical_id: str, resource_type: str, status: str,
           reason: str | None = None) -> Event:
    event = Event(stack_id=stack.stack_id, stack_name=stack.name, logical_resource_id=logical_id,
                  physical_resource_id=physical_id, resource_type=resource_type, resource_status=status,
                  resource_status_reason=reason, resource_properties=None)
    event.timestamp = at
    return event


def stack_event(stack: Stack, at: datetime, status: str, reason: str | None = None) -> Event:
    return _event(stack, at, stack.name, stack.stack_id, STACK_TYPE, status, reason)


def physical_ids(stack: Stack) -> dict[str, str]:
    """Logical id → physical id of the resources moto made for the stack."""
    found = {}
    for lid, resource in stack.resource_map._parsed_resources.items():
        physical = getattr(resource, "physical_resource_id", resource if isinstance(resource, str) else None)
        if isinstance(physical, str):
            found[lid] = physical
    return found


def _resources(template: dict[str, Any], stack: Stack | None = None) -> dict[str, dict[str, Any]]:
    """The template's resources; with `stack`, only those moto made (a false Condition makes none)."""
    resources = template.get("Resources", {}) if isinstance(template, dict) else {}
    made = stack.resource_map._parsed_resources if stack is not None else None
    return {lid: body for lid, body in resources.items()
            if isinstance(body, dict) and (made is None or lid in made)}


def _gap() -> timedelta:
    return timedelta(seconds=latency.current().stack_event_gap_seconds)


def _resource_events(stack: Stack, resources: dict[str, dict[str, Any]], start: datetime, verb: str,
                     ids: dict[str, str], reverse: bool = False) -> tuple[list[Event], datetime]:
    """IN_PROGRESS and COMPLETE events of `verb` (CREATE, UPDATE, DELETE) for each resource."""
    times = schedule(resources, start, reverse=reverse)
    events = []
    for lid, (begin, end) in times.items():
        resource_type = resources[lid].get("Type", "")
        physical = ids.get(lid, "")
        events.append(_event(stack, begin, lid, "" if verb == "CREATE" else physical, resource_type,
                             f"{verb}_IN_PROGRESS"))
        events.append(_event(stack, end, lid, physical, resource_type, f"{verb}_COMPLETE"))
    return events, max([end for _, end in times.values()] + [start])


def _unchanged(before: dict[str, Any], after: dict[str, Any]) -> bool:
    def normal(body: dict[str, Any]) -> str:
        return json.dumps({"Properties": {}, **body}, sort_keys=True, default=str)

    return normal(before) == normal(after)


def install(stack: Stack, events: list[Event], keep: int) -> None:
    """Replaces the events moto added after the first `keep` with the operation's timeline."""
    events.sort(key=lambda e: e.timestamp)
    stack.events[keep:] = events
    stack.__dict__[_TIMELINE] = Timeline(events)


def create_timeline(stack: Stack, keep: int) -> None:
    start = utcnow()
    resources = _resources(stack.template_dict, stack)
    resource_events, done = _resource_events(stack, resources, start + _gap(), "CREATE", physical_ids(stack))
    install(stack, [stack_event(stack, start, "CREATE_IN_PROGRESS", "User Initiated"), *resource_events,
                    stack_event(stack, done + _gap(), stack.__dict__[_STATUS])], keep)


def update_timeline(stack: Stack, keep: int, before: dict[str, dict[str, Any]], before_ids: dict[str, str]) -> None:
    start = utcnow()
    after = _resources(stack.template_dict, stack)
    ids = physical_ids(stack)
    added = {lid: body for lid, body in after.items() if lid not in before}
    modified = {lid: body for lid, body in after.items() if lid in before and not _unchanged(before[lid], body)}
    removed = {lid: body for lid, body in before.items() if lid not in after}
    made, done = _resource_events(stack, added, start + _gap(), "CREATE", ids)
    changed, done_changing = _resource_events(stack, modified, start + _gap(), "UPDATE", ids)
    cleanup = max(done, done_changing) + _gap()
    deleted, cleaned = _resource_events(stack, removed, cleanup + _gap(), "DELETE", before_ids, reverse=True)
    install(stack, [
        stack_event(stack, start, "UPDATE_IN_PROGRESS", "User Initiated"), *made, *changed,
        stack_event(stack, cleanup, "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS"), *deleted,
        stack_event(stack, cleaned + _gap(), stack.__dict__[_STATUS]),
    ], keep)


def delete_timeline(stack: Stack, keep: int, before: dict[str, dict[str, Any]], before_ids: dict[str, str]) -> None:
    start = utcnow()
    deleted, done = _resource_events(stack, before, start + _gap(), "DELETE", before_ids, reverse=True)
    install(stack, [stack_event(stack, start, "DELETE_IN_PROGRESS", "User Initiated"), *deleted,
                    stack_event(stack, done + _gap(), "DELETE_COMPLETE")], keep)


def spread(stack: Stack, keep: int) -> None:
    """Gives the events moto (or a fix of ours) added after `keep` one step each, so a failed
    operation also shows its progress before its final state."""
    added = stack.events[keep:]
    if not added:
        return
    start = utcnow()
    step = timedelta(seconds=latency.current().stack_default_resource_seconds)
    for index, event in enumerate(added):
        event.timestamp = start + step * index
    install(stack, list(added), keep)


# --- refusals -----------------------------------------------------------------------------

NOT_UPDATABLE = ("UPDATE_ROLLBACK_FAILED", "ROLLBACK_COMPLETE", "ROLLBACK_FAILED", "DELETE_FAILED")


def refuse_update_while_busy(stack: Stack) -> None:
    """AWS's refusal of a change to a stack with an operation in progress, or in a state no
    update can start from (a failed rollback needs ContinueUpdateRollback first)."""
    if in_progress(stack) or stack.status in NOT_UPDATABLE:
        raise ValidationError(message=f"Stack:{stack.stack_id} is in {stack.status} state and can not be updated.")


def _find_stack(backend: CloudFormationBackend, name_or_id: str | None) -> Stack | None:
    for stack in backend.stacks.values():
        if name_or_id in (stack.name, stack.stack_id):
            return stack
    return None


def _deleting(backend: CloudFormationBackend, name_or_id: str | None = None) -> list[Stack]:
    """Stacks moto has deleted whose deletion is still in progress on the clock."""
    return [stack for stack in backend.deleted_stacks.values()
            if in_progress(stack) and name_or_id in (None, stack.name, stack.stack_id)]


# --- the operations -----------------------------------------------------------------------

_create_stack = CloudFormationBackend.create_stack


def _create_stack_in_time(self: CloudFormationBackend, name: str, *args: Any, **kwargs: Any) -> Stack:
    if _deleting(self, name):
        raise AlreadyExistsException(f"Stack [{name}] already exists")
    stack = _create_stack(self, name, *args, **kwargs)
    if timed():
        create_timeline(stack, keep=0)
    return stack


CloudFormationBackend.create_stack = _create_stack_in_time  # type: ignore[method-assign]

_update_stack = CloudFormationBackend.update_stack


def _update_stack_in_time(self: CloudFormationBackend, name: str, *args: Any, **kwargs: Any) -> Stack:
    stack = self.get_stack(name)
    refuse_update_while_busy(stack)
    before, before_ids, keep = _resources(stack.template_dict, stack), physical_ids(stack), len(stack.events)
    updated = _update_stack(self, name, *args, **kwargs)
    if timed() and updated.__dict__.get(_STATUS) == "UPDATE_COMPLETE":
        update_timeline(updated, keep, before, before_ids)
    elif timed():
        spread(updated, keep)
    return updated


CloudFormationBackend.update_stack = _update_stack_in_time  # type: ignore[method-assign]

_execute_change_set = CloudFormationBackend.execute_change_set


def _execute_change_set_in_time(self: CloudFormationBackend, change_set_name: str, stack_name: str | None = None) -> None:
    change_set = self.describe_change_set(change_set_name)
    if change_set.status in ("CREATE_PENDING", "CREATE_IN_PROGRESS"):
        raise InvalidChangeSetStatus(
            f"ChangeSet [{change_set.change_set_id}] cannot be executed in its current status of [{change_set.status}]")
    if change_set.execution_status != "AVAILABLE":  # e.g. EXECUTE_IN_PROGRESS: the change set's own state comes first
        raise InvalidChangeSetStatus(
            f"ChangeSet [{change_set.change_set_id}] cannot be executed in its current "
            f"execution status of [{change_set.execution_status}]")
    stack = self.stacks[change_set.stack_id]
    refuse_update_while_busy(stack)
    before, before_ids, keep = _resources(stack.template_dict, stack), physical_ids(stack), len(stack.events)
    _execute_change_set(self, change_set_name, stack_name)
    if not timed():
        return
    stack.__dict__[_EXECUTED_BY] = change_set
    final = stack.__dict__.get(_STATUS)
    if final == "CREATE_COMPLETE":
        create_timeline(stack, keep)
    elif final == "UPDATE_COMPLETE":
        update_timeline(stack, keep, before, before_ids)
    else:
        spread(stack, keep)


CloudFormationBackend.execute_change_set = _execute_change_set_in_time  # type: ignore[method-assign]

_create_change_set = CloudFormationBackend.create_change_set


def _create_change_set_in_time(self: CloudFormationBackend, *args: Any, **kwargs: Any) -> tuple[str, str]:
    stack_name = kwargs.get("stack_name", args[0] if args else None)
    if kwargs.get("change_set_type") == "UPDATE" and (stack := _find_stack(self, stack_name)) is not None:
        refuse_update_while_busy(stack)
    elif kwargs.get("change_set_type") == "CREATE" and _deleting(self, stack_name):
        raise AlreadyExistsException(f"Stack [{stack_name}] already exists")
    change_set_id, stack_id = _create_change_set(self, *args, **kwargs)
    if timed():
        self.change_sets[change_set_id].__dict__[_COMPUTED_AT] = utcnow() + timedelta(
            seconds=latency.current().change_set_seconds)
    return change_set_id, stack_id


CloudFormationBackend.create_change_set = _create_change_set_in_time  # type: ignore[method-assign]

_delete_stack = CloudFormationBackend.delete_stack


def _delete_stack_in_time(self: CloudFormationBackend, name_or_stack_id: str) -> None:
    if _deleting(self, name_or_stack_id):
        return  # AWS: deleting a stack being deleted is accepted and changes nothing
    stack = _find_stack(self, name_or_stack_id)
    if stack is None:
        _delete_stack(self, name_or_stack_id)
        return
    if in_progress(stack) and stack.status not in ("CREATE_IN_PROGRESS", "REVIEW_IN_PROGRESS"):
        raise ValidationError(
            message=f"Stack [{stack.stack_id}] cannot be deleted while in status {stack.status}")
    before, before_ids, keep = _resources(stack.template_dict, stack), physical_ids(stack), len(stack.events)
    _delete_stack(self, name_or_stack_id)
    if timed() and stack.__dict__.get(_STATUS) == "DELETE_COMPLETE":
        delete_timeline(stack, keep, before, before_ids)


CloudFormationBackend.delete_stack = _delete_stack_in_time  # type: ignore[method-assign]

_describe_stacks = CloudFormationBackend.describe_stacks


def _describe_stacks_being_deleted(self: CloudFormationBackend, name_or_stack_id: str) -> list[Stack]:
    if name_or_stack_id:
        if _find_stack(self, name_or_stack_id) is None and (deleting := _deleting(self, name_or_stack_id)):
            return deleting[:1]
        return _describe_stacks(self, name_or_stack_id)
    return [*_describe_stacks(self, name_or_stack_id), *_deleting(self)]


CloudFormationBackend.describe_stacks = _describe_stacks_being_deleted  # type: ignore[method-assign]

_get_stack = CloudFormationBackend.get_stack


def _get_stack_being_deleted(self: CloudFormationBackend, name_or_stack_id: str) -> Stack:
    if _find_stack(self, name_or_stack_id) is None and (deleting := _deleting(self, name_or_stack_id)):
        return deleting[0]
    return _get_stack(self, name_or_stack_id)


CloudFormationBackend.get_stack = _get_stack_being_deleted  # type: ignore[method-assign]


_continue_update_rollback = CloudFormationResponse.continue_update_rollback  # type: ignore[attr-defined]


def _continue_update_rollback_in_time(self: CloudFormationResponse) -> Any:
    stack = self.cloudformation_backend.get_stack(self._get_param("StackName"))
    keep = len(stack.events)
    result = _continue_update_rollback(self)
    if timed():
        spread(stack, keep)
    return result


CloudFormationResponse.continue_update_rollback = _continue_update_rollback_in_time  # type: ignore[attr-defined]


# --- events -------------------------------------------------------------------------------

_TOKEN_PREFIX = "ballast-events:"


def _events_token(as_of: datetime, offset: int) -> str:
    return base64.urlsafe_b64encode(f"{_TOKEN_PREFIX}{as_of.isoformat()}|{offset}".encode()).decode()


def _read_events_token(token: str) -> tuple[datetime, int]:
    try:
        text = base64.urlsafe_b64decode(token.encode()).decode()
        as_of, offset = text.removeprefix(_TOKEN_PREFIX).split("|")
        if not text.startswith(_TOKEN_PREFIX):
            raise ValueError(token)
        return datetime.fromisoformat(as_of), int(offset)
    except (ValueError, UnicodeDecodeError) as error:
        raise ValidationError(message="Invalid NextToken") from error


def _describe_stack_events_as_of_now(self: CloudFormationResponse) -> ActionResult:
    """The events revealed so far, newest first, 100 to a page. A token pins the page to the
    moment of the first page, so events arriving meanwhile never shift the later pages."""
    token = self._get_param("NextToken")
    as_of, offset = _read_events_token(token) if token else (utcnow(), 0)
    events = self.cloudformation_backend.describe_stack_events(self._get_param("StackName"))
    shown = [e for e in events if e.timestamp <= as_of][::-1]
    end = offset + EVENTS_PAGE
    result: dict[str, Any] = {"StackEvents": shown[offset:end]}
    if end < len(shown):
        result["NextToken"] = _events_token(as_of, end)
    return ActionResult(result)


CloudFormationResponse.describe_stack_events = _describe_stack_events_as_of_now  # type: ignore[method-assign]

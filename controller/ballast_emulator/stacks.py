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
- A resource that failed during ExecuteChangeSet made the call itself fail, leaving a
  half-made stack marked as in progress. As in AWS, the call now succeeds and the stack
  fails: a `CREATE_FAILED`/`UPDATE_FAILED` event names the resource and the reason, a
  failed create deletes what it made and ends `ROLLBACK_COMPLETE`, a failed update ends
  `UPDATE_ROLLBACK_COMPLETE` (keeping the old template; resources already changed stay
  changed, see README).
- A `TemplateURL` on the emulator's own host (`http://127.0.0.1:PORT/bucket/key`, the
  path style an S3 endpoint override gives) was read as a virtual-hosted URL, with
  bucket `127`; it is now read path-style, like moto's `localhost` URLs.
- The tags of an UPDATE change set were dropped: AWS gives the stack the change set's
  tags when it is executed (when it has any), as UpdateStack does.
- A CREATE change set for a name that already has a stack made a second stack of that
  name. As in AWS, a stack still in REVIEW_IN_PROGRESS (created by an earlier CREATE change
  set, never executed) takes the new change set, and any other existing stack refuses it
  with AlreadyExistsException. (Here the review stack is replaced by the new one: same name,
  new stack id.) A second change set of the same name on a stack is refused with
  AlreadyExistsException, as in AWS (moto made a duplicate).
- A resource removed by one update and added again by a later one was reported complete
  but never made again: moto deleted it and kept it in the stack's parsed resources, so
  the second update found it "already made". A removed resource now leaves them.
- ListChangeSets listed every change set of the region whatever StackName said; it now lists
  the stack's own (a stack that does not exist is a ValidationError), and executing a change
  set deletes the stack's other change sets, as AWS does ("they aren't valid for the updated
  stack").
- DescribeChangeSet, ExecuteChangeSet and DeleteChangeSet found a change set by its name
  alone, in any stack of the region (the last of that name won), and a missing one was
  ValidationError "Stack with id … does not exist". A name is now looked up in the stack
  the call names, and a missing change set is ChangeSetNotFound, as in AWS.
- A stack updated (by UpdateStack or a change set) had no LastUpdatedTime; it now has the
  time of its last update.
- CreateChangeSet of an UPDATE with the same template and the same Parameters failed as a
  call ("No updates are to be performed."); AWS makes the change set, FAILED with "didn't
  contain changes", as it already did here without Parameters.
- UpdateTerminationProtection was not implemented (HTTP 500). It now sets the
  flag DescribeStacks reports, and DeleteStack on a protected stack fails with
  ValidationError, as in AWS.
"""
from typing import Any

import ipaddress
from urllib.parse import urlparse

from moto.cloudformation import parsing
from moto.cloudformation import responses as cloudformation_responses
from moto.cloudformation.exceptions import CloudFormationError, ValidationError
from moto.cloudformation.models import CloudFormationBackend, Event
from moto.cloudformation.parsing import ResourceMap
from moto.cloudformation.responses import CloudFormationResponse
from moto.core.responses import ActionResult
from moto.core.utils import utcnow


class InvalidChangeSetStatus(CloudFormationError):
    code = "InvalidChangeSetStatus"


class ChangeSetNotFound(CloudFormationError):
    code = "ChangeSetNotFound"


def _change_set_id(backend: CloudFormationBackend, name_or_arn: str, stack_name: str | None) -> str:
    """The id of the change set a call names: by ARN, or by name within the stack it names."""
    if name_or_arn in backend.change_sets:
        return name_or_arn
    for change_set_id, change_set in backend.change_sets.items():
        stack = change_set.stack
        if change_set.change_set_name == name_or_arn and stack.status != "DELETE_COMPLETE" \
                and stack_name in (None, "", stack.name, stack.stack_id):
            return change_set_id
    raise ChangeSetNotFound(f"ChangeSet [{name_or_arn}] does not exist")


def _naming_the_change_set_by_id(handler: Any) -> Any:
    """Wraps a change set call of the responses: the name becomes the id of the stack's own."""

    def scoped(self: CloudFormationResponse) -> Any:
        change_set_id = _change_set_id(
            self.cloudformation_backend, self._get_param("ChangeSetName"), self._get_param("StackName"))
        if self.automated_parameter_parsing:
            self.params["ChangeSetName"] = change_set_id
        else:
            self.querystring["ChangeSetName"] = [change_set_id]
        return handler(self)

    return scoped


for _operation in ("describe_change_set", "execute_change_set", "delete_change_set"):
    setattr(CloudFormationResponse, _operation, _naming_the_change_set_by_id(getattr(CloudFormationResponse, _operation)))


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

_update_resource_map = ResourceMap.update


def _update_forgetting_removed_resources(self: ResourceMap, template: dict[str, Any],
                                         parameters: dict[str, Any] | None = None) -> None:
    removed = self.build_resource_diff(template, parameters)["Remove"]
    _update_resource_map(self, template, parameters)
    # moto deletes a removed resource but keeps its parsed object: the next update adding the
    # same logical id would take that object for the resource and never make it again.
    for logical_id in removed:
        self._parsed_resources.pop(logical_id, None)


ResourceMap.update = _update_forgetting_removed_resources  # type: ignore[method-assign]

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
    result = _update_stack(self)
    stack.last_updated_time = utcnow()
    return result


CloudFormationResponse.update_stack = _update_stack_refusing_no_changes  # type: ignore[method-assign]

def _naming_the_resource(parse: Any) -> Any:
    """Marks an exception raised while making a resource with the resource's id and type."""

    def parse_naming_failures(logical_id: str, resource_json: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return parse(logical_id, resource_json, *args, **kwargs)
        except Exception as error:
            if not hasattr(error, "ballast_resource"):
                error.ballast_resource = (logical_id, resource_json.get("Type", ""))  # type: ignore[attr-defined]
            raise

    return parse_naming_failures


parsing.parse_and_create_resource = _naming_the_resource(parsing.parse_and_create_resource)
parsing.parse_and_update_resource = _naming_the_resource(parsing.parse_and_update_resource)


def _resource_event(stack: Any, error: Exception, status: str) -> str:
    """Adds the failed resource's event; returns its logical id."""
    logical_id, resource_type = error.ballast_resource  # type: ignore[attr-defined]
    reason = getattr(error, "message", None) or str(error) or type(error).__name__
    stack.events.append(Event(
        stack_id=stack.stack_id, stack_name=stack.name, logical_resource_id=logical_id,
        physical_resource_id="", resource_type=resource_type, resource_status=status,
        resource_status_reason=reason, resource_properties=None,
    ))
    return logical_id


_execute_change_set = CloudFormationBackend.execute_change_set


def _execute_available_change_set(self: CloudFormationBackend, change_set_name: str, stack_name: str | None = None) -> None:
    change_set = self.describe_change_set(change_set_name)
    if change_set.execution_status != "AVAILABLE":
        raise InvalidChangeSetStatus(
            f"ChangeSet [{change_set.change_set_id}] cannot be executed in its current "
            f"execution status of [{change_set.execution_status}]"
        )
    try:
        _execute_change_set(self, change_set_name, stack_name)
    except Exception as error:
        if not hasattr(error, "ballast_resource"):
            raise
        stack = self.stacks[change_set.stack_id]
        change_set.execution_status = "EXECUTE_FAILED"
        if change_set.change_set_type == "CREATE":
            failed = _resource_event(stack, error, "CREATE_FAILED")
            stack._add_stack_event("ROLLBACK_IN_PROGRESS", resource_status_reason=(
                f"The following resource(s) failed to create: [{failed}]. Rollback requested by user."))
            stack.resource_map.delete()
            stack._add_stack_event("ROLLBACK_COMPLETE")
            stack.status = "ROLLBACK_COMPLETE"
        else:
            failed = _resource_event(stack, error, "UPDATE_FAILED")
            stack._add_stack_event("UPDATE_ROLLBACK_IN_PROGRESS", resource_status_reason=(
                f"The following resource(s) failed to update: [{failed}]."))
            stack._add_stack_event("UPDATE_ROLLBACK_COMPLETE")
            stack.status = "UPDATE_ROLLBACK_COMPLETE"
        return
    for other_id in [other_id for other_id, other in self.change_sets.items()
                     if other.stack_id == change_set.stack_id and other is not change_set]:
        del self.change_sets[other_id]
    if change_set.change_set_type == "UPDATE":
        self.stacks[change_set.stack_id].last_updated_time = utcnow()
    if change_set.tags:
        self.stacks[change_set.stack_id].tags = dict(change_set.tags)
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

_get_stack_from_s3_url = cloudformation_responses.get_stack_from_s3_url


def _get_stack_from_path_style_url(template_url: str, account_id: str, partition: str) -> str:
    host = urlparse(template_url).hostname or ""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return _get_stack_from_s3_url(template_url, account_id=account_id, partition=partition)
    # An address, not a name: the bucket is the path's first segment (moto does this for localhost).
    return _get_stack_from_s3_url(template_url.replace(host, "localhost", 1), account_id=account_id, partition=partition)


cloudformation_responses.get_stack_from_s3_url = _get_stack_from_path_style_url

_create_change_set = CloudFormationBackend.create_change_set


class AlreadyExistsException(CloudFormationError):
    code = "AlreadyExistsException"


def _create_change_set_seeing_exports(self: CloudFormationBackend, *args, **kwargs):  # noqa: ANN002, ANN003
    stack_name = kwargs.get("stack_name", args[0] if args else None)
    change_set_name = kwargs.get("change_set_name")
    for change_set in self.change_sets.values():
        if change_set.change_set_name == change_set_name and change_set.stack.name == stack_name \
                and change_set.stack.status != "DELETE_COMPLETE":
            raise AlreadyExistsException(f"ChangeSet [{change_set_name}] already exists")
    if kwargs.get("change_set_type") == "CREATE":
        for stack_id, stack in list(self.stacks.items()):
            if stack.name != stack_name or stack.status == "DELETE_COMPLETE":
                continue
            if stack.status != "REVIEW_IN_PROGRESS":
                raise AlreadyExistsException(f"Stack [{stack_name}] already exists")
            del self.stacks[stack_id]
            for change_set_id in [c for c, change_set in self.change_sets.items() if change_set.stack_id == stack_id]:
                del self.change_sets[change_set_id]
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

_create_change_set_response = CloudFormationResponse.create_change_set


def _create_change_set_failing_when_unchanged(self: CloudFormationResponse) -> ActionResult:
    # moto refuses the call when template and Parameters are unchanged; without that check its
    # backend makes the FAILED "didn't contain changes" change set AWS makes.
    self._validate_different_update = lambda *_: None  # type: ignore[method-assign]
    return _create_change_set_response(self)


CloudFormationResponse.create_change_set = _create_change_set_failing_when_unchanged  # type: ignore[method-assign]


def _list_change_sets_of_the_stack(self: CloudFormationResponse) -> ActionResult:
    stack = self.cloudformation_backend.get_stack(self._get_param("StackName"))
    if stack is None or stack.status == "DELETE_COMPLETE":
        raise ValidationError(self._get_param("StackName"))
    change_sets = [c for c in self.cloudformation_backend.change_sets.values() if c.stack_id == stack.stack_id]
    return ActionResult({"Summaries": change_sets})


CloudFormationResponse.list_change_sets = _list_change_sets_of_the_stack  # type: ignore[method-assign]


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

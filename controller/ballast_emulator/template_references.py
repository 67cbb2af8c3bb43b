"""Refuses a template whose references name nothing, as CloudFormation does before it creates
anything.

CreateStack, UpdateStack and CreateChangeSet on AWS answer `ValidationError` at once when a
template's `Ref`, `DependsOn` or `Fn::Sub` variable names no resource, parameter or pseudo
parameter ("Template format error: Unresolved resource dependencies [X] in the Resources block
of the template", the same for the Outputs block), and when an `Fn::GetAtt` names no resource
("Template error: instance of Fn::GetAtt references undefined resource X"). moto accepted both
and failed, or not, later. Templates with a `Transform` (SAM, macros) are left to moto: their
references are only known after the transform.
"""
import re
from typing import Any

from moto.cloudformation.exceptions import ValidationError
from moto.cloudformation.models import CloudFormationBackend, Stack

PSEUDO_PARAMETERS = frozenset({
    "AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue", "AWS::Partition", "AWS::Region",
    "AWS::StackId", "AWS::StackName", "AWS::URLSuffix",
})
# `${Name}` and `${Name.Attribute}` in an Fn::Sub string; `${!Literal}` is text.
_SUB_VARIABLE = re.compile(r"\$\{(?!!)([^}]+)\}")


def _references(value: Any, refs: set[str], attributes: set[str]) -> None:
    """Every name `value` refers to: `Ref`s and `Fn::Sub` variables into `refs`, the resources
    of `Fn::GetAtt` into `attributes`."""
    if isinstance(value, list):
        for element in value:
            _references(element, refs, attributes)
        return
    if not isinstance(value, dict):
        return
    if len(value) == 1:
        (key, argument), = value.items()
        if key == "Ref" and isinstance(argument, str):
            refs.add(argument)
            return
        if key == "Fn::GetAtt":
            target = argument[0] if isinstance(argument, list) and argument else argument
            if isinstance(target, str):
                attributes.add(target.split(".", 1)[0])
            if isinstance(argument, list):
                _references(argument[1:], refs, attributes)
            return
        if key == "Fn::Sub":
            # "text", or ["text", {local variables}]; any other shape is moto's to refuse.
            text = argument if isinstance(argument, str) else (
                argument[0] if isinstance(argument, list) and argument else None)
            local = argument[1] if isinstance(argument, list) and len(argument) > 1 else {}
            local = local if isinstance(local, dict) else {}
            if isinstance(text, str):
                for variable in _SUB_VARIABLE.findall(text):
                    name = variable.strip()
                    if name not in local:
                        refs.add(name if name in PSEUDO_PARAMETERS else name.split(".", 1)[0])
            _references(list(local.values()), refs, attributes)
            return
    for element in value.values():
        _references(element, refs, attributes)


def refuse_unresolved(template_text: str | None) -> None:
    """Raises moto's ValidationError, with AWS's words, for the first unresolved reference."""
    if not template_text:
        return
    try:
        template = Stack.parse_template(template_text)
    except Exception:  # noqa: BLE001  (an unparseable template is moto's to refuse)
        return
    if not isinstance(template, dict) or "Transform" in template:
        return
    resources = template.get("Resources") if isinstance(template.get("Resources"), dict) else {}
    parameters = template.get("Parameters") if isinstance(template.get("Parameters"), dict) else {}
    known = set(resources) | set(parameters) | PSEUDO_PARAMETERS
    for block in ("Resources", "Outputs"):
        section = template.get(block)
        if not isinstance(section, dict):
            continue
        refs: set[str] = set()
        attributes: set[str] = set()
        for entry in section.values():
            _references(entry, refs, attributes)
            depends_on = entry.get("DependsOn") if isinstance(entry, dict) and block == "Resources" else None
            for dependency in [depends_on] if isinstance(depends_on, str) else (
                    depends_on if isinstance(depends_on, list) else []):
                if isinstance(dependency, str) and dependency not in resources:
                    refs.add(dependency)
        for target in sorted(attributes):
            if target not in resources:
                raise ValidationError(message=f"Template error: instance of Fn::GetAtt references undefined resource {target}")
        missing = sorted(name for name in refs if name not in known)
        if missing:
            raise ValidationError(
                message=f"Template format error: Unresolved resource dependencies [{', '.join(missing)}] "
                        f"in the {block} block of the template")


def _checking(operation: Any, template_position: int) -> Any:
    def checked(self: CloudFormationBackend, *args: Any, **kwargs: Any) -> Any:
        template = kwargs["template"] if "template" in kwargs else (
            args[template_position] if len(args) > template_position else None)
        refuse_unresolved(template)
        return operation(self, *args, **kwargs)

    checked.__wrapped__ = operation  # type: ignore[attr-defined]
    return checked


# (stack name, template, …), (stack name, change set name, template, …), (name, template, …)
CloudFormationBackend.create_stack = _checking(CloudFormationBackend.create_stack, 1)  # type: ignore[method-assign]
CloudFormationBackend.create_change_set = _checking(CloudFormationBackend.create_change_set, 2)  # type: ignore[method-assign]
CloudFormationBackend.update_stack = _checking(CloudFormationBackend.update_stack, 1)  # type: ignore[method-assign]

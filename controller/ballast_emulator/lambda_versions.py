"""Lambda version numbers and version deletion as in AWS.

moto 5.2.1 numbers a new version len(versions) + 1, so after DeleteFunction of an
old version the next PublishVersion reuses a number that still exists (two
"version 4"s). AWS never reuses a version number, deleted or not: here a new
version is numbered one past the highest ever published for the function.

moto also deletes a version an alias points at; AWS refuses with
ResourceConflictException (409) naming the aliases, whether the alias points at
the version or routes part of its traffic to it (AdditionalVersionWeights).
"""
import copy
from typing import Any

from moto.awslambda.exceptions import LambdaClientError
from moto.awslambda.models import LambdaStorage

_HIGHEST = "_ballast_highest_version"


class AliasedVersionConflict(LambdaClientError):
    """ResourceConflictException with AWS's HTTP status, 409."""

    code = 409

    def __init__(self, aliases: list[str]):
        super().__init__(
            "ResourceConflictException", f"Unable to delete version because the following aliases reference it: {aliases}")


def _publish_version(self: LambdaStorage, name_or_arn: str, description: str = "") -> Any:
    function = self.get_function_by_name_or_arn_forbid_qualifier(name_or_arn)
    name = function.function_name
    entry = self._functions.get(name)
    if not entry or not entry["latest"]:
        return None
    versions = entry["versions"]
    if versions:
        if not function.code_or_config_updated:
            return versions[-1]  # nothing changed: AWS hands back the last version
        function.code_or_config_updated = False
    highest_by_function = self.__dict__.setdefault(_HIGHEST, {})
    number = max([highest_by_function.get(name, 0)] + [int(v.version) for v in versions]) + 1
    highest_by_function[name] = number
    published = copy.copy(entry["latest"])
    published.set_version(number)
    if description:
        published.description = description
    versions.append(published)
    self._arns[published.function_arn] = published
    return published


_delete_function = LambdaStorage.del_function


def _del_function_unless_aliased(self: LambdaStorage, name_or_arn: str, qualifier: str | None = None) -> None:
    if qualifier and qualifier.isdigit():
        function = self.get_function_by_name_or_arn_with_qualifier(name_or_arn, qualifier)
        unqualified = function.function_arn.rsplit(":", 1)[0]
        referencing = sorted(
            alias.name for alias in self._aliases.get(unqualified, {}).values()
            if str(alias.function_version) == qualifier
            or qualifier in ((alias.routing_config or {}).get("AdditionalVersionWeights") or {})
        )
        if referencing:
            raise AliasedVersionConflict(referencing)
    _delete_function(self, name_or_arn, qualifier)


LambdaStorage.publish_version = _publish_version  # type: ignore[method-assign]
LambdaStorage.del_function = _del_function_unless_aliased  # type: ignore[method-assign]

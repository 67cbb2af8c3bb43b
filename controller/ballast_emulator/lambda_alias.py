"""Lambda alias RevisionId as in AWS, and AWS::Lambda::Alias on moto's Lambda backend.

moto 5.2.1 gives an alias one RevisionId at creation and never changes it, and
ignores the RevisionId that UpdateAlias sends. Ballast moves its alias `live`
with the RevisionId it read, so that two writers cannot both win. Here every
alias update gets a new RevisionId, and UpdateAlias with a RevisionId that is
not the current one fails with PreconditionFailedException (HTTP 412), as AWS
does; check and update happen under one lock, since the server is threaded.
CreateAlias of an alias that exists fails with ResourceConflictException (HTTP 409,
"Alias already exists: ARN"), as on AWS; moto names the code ConflictException.

moto also skips AWS::Lambda::Alias in templates. Ballast creates its aliases
through the API, but a raw template under desired/templates may declare one:
here it is a real alias (Name, FunctionName, FunctionVersion, Description,
RoutingConfig.AdditionalVersionWeights); Ref gives the alias ARN.
"""
import json
import threading
from typing import Any
from urllib.parse import unquote

from moto.awslambda.exceptions import ConflictException, LambdaClientError, PreconditionFailedException
from moto.awslambda.models import LambdaAlias, lambda_backends
from moto.awslambda.responses import LambdaResponse
from moto.core.common_models import CloudFormationModel
from moto.moto_api._internal import mock_random as random

_alias_lock = threading.Lock()

_update_alias_model = LambdaAlias.update


def _update_with_new_revision(self: LambdaAlias, *args: Any, **kwargs: Any) -> None:
    _update_alias_model(self, *args, **kwargs)
    self.revision_id = str(random.uuid4())


LambdaAlias.update = _update_with_new_revision  # type: ignore[method-assign]

_update_alias_response = LambdaResponse.update_alias


def _update_alias_checking_revision(self: LambdaResponse) -> Any:
    function_name = unquote(self.path.rsplit("/")[-3])
    alias_name = unquote(self.path.rsplit("/", 2)[-1])
    expected = json.loads(self.body).get("RevisionId")
    with _alias_lock:
        if expected and self.backend.get_alias(alias_name, function_name).revision_id != expected:
            raise PreconditionFailedException(
                "The Revision Id provided does not match the latest Revision Id. "
                "Call the GetAlias API to retrieve the latest Revision Id"
            )
        return _update_alias_response(self)


LambdaResponse.update_alias = _update_alias_checking_revision  # type: ignore[method-assign]


class _ResourceConflictException(LambdaClientError):
    code = 409

    def __init__(self, message: str):
        super().__init__("ResourceConflictException", message)


_create_alias_response = LambdaResponse.create_alias


def _create_alias_as_aws_refuses(self: LambdaResponse) -> Any:
    try:
        return _create_alias_response(self)
    except ConflictException as conflict:
        raise _ResourceConflictException(conflict.message) from None


LambdaResponse.create_alias = _create_alias_as_aws_refuses  # type: ignore[method-assign]


def _routing_config(p: dict[str, Any]) -> dict[str, Any] | None:
    """The template's list of {FunctionVersion, FunctionWeight} as the API's version → weight map."""
    weights = (p.get("RoutingConfig") or {}).get("AdditionalVersionWeights")
    if not weights:
        return None
    return {"AdditionalVersionWeights": {str(w["FunctionVersion"]): float(w["FunctionWeight"]) for w in weights}}


class LambdaAliasResource(CloudFormationModel):
    """The stack's handle on one alias in moto's lambda backend."""

    def __init__(self, function_name: str, name: str, arn: str):
        self.function_name = function_name
        self.name = name
        self.arn = arn

    @property
    def physical_resource_id(self) -> str:
        return self.arn

    @staticmethod
    def cloudformation_name_type() -> str:
        return ""

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::Lambda::Alias"

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return False

    @classmethod
    def create_from_cloudformation_json(  # type: ignore[misc]
        cls, resource_name: str, cloudformation_json: dict[str, Any], account_id: str, region_name: str, **kwargs: Any
    ) -> "LambdaAliasResource":
        p = cloudformation_json["Properties"]
        alias = lambda_backends[account_id][region_name].create_alias(
            name=p["Name"],
            function_name=p["FunctionName"],
            function_version=str(p["FunctionVersion"]),
            description=p.get("Description", ""),
            routing_config=_routing_config(p),
        )
        return cls(p["FunctionName"], p["Name"], alias.arn)

    @classmethod
    def update_from_cloudformation_json(  # type: ignore[misc]
        cls, original_resource: "LambdaAliasResource", new_resource_name: str, cloudformation_json: dict[str, Any],
        account_id: str, region_name: str,
    ) -> "LambdaAliasResource":
        p = cloudformation_json["Properties"]
        if (p["FunctionName"], p["Name"]) != (original_resource.function_name, original_resource.name):  # create-only
            original_resource.delete(account_id, region_name)
            return cls.create_from_cloudformation_json(new_resource_name, cloudformation_json, account_id, region_name)
        lambda_backends[account_id][region_name].update_alias(
            name=p["Name"],
            function_name=p["FunctionName"],
            function_version=str(p["FunctionVersion"]),
            description=p.get("Description", ""),
            routing_config=_routing_config(p) or {},
        )
        return original_resource

    def delete(self, account_id: str, region_name: str) -> None:
        lambda_backends[account_id][region_name].delete_alias(self.name, self.function_name)

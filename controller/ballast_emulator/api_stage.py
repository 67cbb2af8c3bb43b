"""AWS::ApiGateway::Stage on moto's API Gateway backend, and Ref to a Deployment.

moto 5.2.1 skips AWS::ApiGateway::Stage in templates, so a stack's stage is not
there for GetStage. Here it is created on the RestApiId with the DeploymentId
(plus Description, Variables, TracingEnabled, Tags); a stack update points the
stage at the new deployment, as AWS does. Ref gives the stage name.

moto's Deployment has no physical_resource_id, so {"Ref": <deployment>} yields
the Python object instead of the deployment id (and a Stage's DeploymentId then
is garbage). The property added below makes Ref give the id, as in AWS.

moto's RestAPI has no delete, so deleting a stack left its REST API behind; the
delete added below removes it (with its resources, methods and deployments).
"""
from typing import Any

from moto.apigateway.models import Deployment, RestAPI, apigateway_backends
from moto.core.common_models import CloudFormationModel

Deployment.physical_resource_id = property(lambda self: self.id)  # type: ignore[attr-defined]


def _delete_rest_api(self: RestAPI, account_id: str, region_name: str) -> None:
    apigateway_backends[account_id][region_name].delete_rest_api(self.id)


RestAPI.delete = _delete_rest_api  # type: ignore[attr-defined]


class ApiStage(CloudFormationModel):
    """The stack's handle on one stage of a REST API in moto's apigateway backend."""

    def __init__(self, rest_api_id: str, name: str):
        self.rest_api_id = rest_api_id
        self.name = name

    @property
    def physical_resource_id(self) -> str:
        return self.name

    @staticmethod
    def cloudformation_name_type() -> str:
        return "StageName"

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::ApiGateway::Stage"

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return False

    @classmethod
    def create_from_cloudformation_json(  # type: ignore[misc]
        cls, resource_name: str, cloudformation_json: dict[str, Any], account_id: str, region_name: str, **kwargs: Any
    ) -> "ApiStage":
        p = cloudformation_json["Properties"]
        tags = {tag["Key"]: tag["Value"] for tag in p.get("Tags", [])}
        apigateway_backends[account_id][region_name].create_stage(
            p["RestApiId"],
            resource_name,
            p["DeploymentId"],
            variables=p.get("Variables"),
            description=p.get("Description", ""),
            tags=tags or None,
            tracing_enabled=str(p.get("TracingEnabled", False)).lower() == "true",
        )
        return cls(p["RestApiId"], resource_name)

    @classmethod
    def update_from_cloudformation_json(  # type: ignore[misc]
        cls, original_resource: "ApiStage", new_resource_name: str, cloudformation_json: dict[str, Any],
        account_id: str, region_name: str,
    ) -> "ApiStage":
        p = cloudformation_json["Properties"]
        name = p.get("StageName", original_resource.name)
        if name != original_resource.name or p["RestApiId"] != original_resource.rest_api_id:  # create-only
            original_resource.delete(account_id, region_name)
            return cls.create_from_cloudformation_json(name, cloudformation_json, account_id, region_name)
        stage = apigateway_backends[account_id][region_name].get_stage(original_resource.rest_api_id, name)
        stage.deployment_id = p["DeploymentId"]
        stage.description = p.get("Description", "")
        stage.variables = p.get("Variables", {})
        return original_resource

    def delete(self, account_id: str, region_name: str) -> None:
        backend = apigateway_backends[account_id][region_name]
        if self.rest_api_id in backend.apis:  # moto deletes a stack's resources in no particular order
            backend.delete_stage(self.rest_api_id, self.name)

"""AWS::SecretsManager::Secret and ::SecretTargetAttachment on moto's Secrets Manager backend.

moto 5.2.1 skips both types in templates, so a stack's database credentials never
exist. Here a stack's secret is a real secret in the secretsmanager backend:

- SecretString is stored as it is; GenerateSecretString generates a password the
  way AWS does (PasswordLength, default 32; the Exclude*/IncludeSpace/
  RequireEachIncludedType switches) and, with SecretStringTemplate, stores the
  template's JSON with the password under GenerateStringKey. The password never
  appears in the template.
- Ref and Fn::GetAtt Id give the secret's ARN, as in AWS.
- An attachment adds engine, host, port and dbInstanceIdentifier (or
  dbClusterIdentifier) of its RDS target to the secret's JSON as a new
  AWSCURRENT version, as AWS does; its Ref is the secret's ARN too.
"""
import json
from typing import Any

from moto.core.common_models import CloudFormationModel
from moto.rds.models import rds_backends
from moto.secretsmanager.models import secretsmanager_backends
from moto.secretsmanager.utils import random_password


def _flag(options: dict[str, Any], key: str, default: bool = False) -> bool:
    return str(options.get(key, default)).lower() == "true"


def _secret_string(p: dict[str, Any]) -> str:
    """The value a new secret starts with: SecretString, or one generated from GenerateSecretString."""
    options = p.get("GenerateSecretString")
    if options is None:
        return p.get("SecretString", "")
    password = random_password(
        int(options.get("PasswordLength", 32)),
        options.get("ExcludeCharacters", ""),
        _flag(options, "ExcludeNumbers"),
        _flag(options, "ExcludePunctuation"),
        _flag(options, "ExcludeUppercase"),
        _flag(options, "ExcludeLowercase"),
        _flag(options, "IncludeSpace"),
        _flag(options, "RequireEachIncludedType", True),
    )
    if "SecretStringTemplate" not in options:
        return password
    document = json.loads(options["SecretStringTemplate"])
    document[options["GenerateStringKey"]] = password
    return json.dumps(document)


class Secret(CloudFormationModel):
    """The stack's handle on one secret that lives in moto's secretsmanager backend."""

    def __init__(self, arn: str, name: str, properties: dict[str, Any]):
        self.arn = arn
        self.name = name
        self.properties = properties

    @property
    def physical_resource_id(self) -> str:
        return self.arn

    @staticmethod
    def cloudformation_name_type() -> str:
        return "Name"

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::SecretsManager::Secret"

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return attr == "Id"

    def get_cfn_attribute(self, attribute_name: str) -> str:
        return self.arn

    @classmethod
    def create_from_cloudformation_json(  # type: ignore[misc]
        cls, resource_name: str, cloudformation_json: dict[str, Any], account_id: str, region_name: str, **kwargs: Any
    ) -> "Secret":
        p = cloudformation_json["Properties"]
        created = secretsmanager_backends[account_id][region_name].create_secret(
            name=resource_name,
            secret_string=_secret_string(p),
            secret_binary=None,
            description=p.get("Description"),
            tags=p.get("Tags"),
            kms_key_id=p.get("KmsKeyId"),
            client_request_token=None,
            replica_regions=[],
            force_overwrite=False,
        )
        return cls(json.loads(created)["ARN"], resource_name, p)

    @classmethod
    def update_from_cloudformation_json(  # type: ignore[misc]
        cls, original_resource: "Secret", new_resource_name: str, cloudformation_json: dict[str, Any],
        account_id: str, region_name: str,
    ) -> "Secret":
        p = cloudformation_json["Properties"]
        name = p.get("Name", original_resource.name)
        if name != original_resource.name:  # Name is create-only: replacement
            original_resource.delete(account_id, region_name)
            return cls.create_from_cloudformation_json(name, cloudformation_json, account_id, region_name)
        backend = secretsmanager_backends[account_id][region_name]
        backend.describe_secret(original_resource.arn).description = p.get("Description")
        old = original_resource.properties
        if any(old.get(k) != p.get(k) for k in ("SecretString", "GenerateSecretString")):
            backend.put_secret_value(
                original_resource.arn, secret_string=_secret_string(p), secret_binary=None,
                client_request_token=None, version_stages=["AWSCURRENT"],
            )
        return cls(original_resource.arn, name, p)

    def delete(self, account_id: str, region_name: str) -> None:
        secretsmanager_backends[account_id][region_name].delete_secret(
            self.arn, recovery_window_in_days=None, force_delete_without_recovery=True
        )


class SecretTargetAttachment(CloudFormationModel):
    """Connection details of an RDS instance or cluster written into a secret."""

    def __init__(self, secret_arn: str):
        self.secret_arn = secret_arn

    @property
    def physical_resource_id(self) -> str:
        return self.secret_arn

    @staticmethod
    def cloudformation_name_type() -> str:
        return ""

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::SecretsManager::SecretTargetAttachment"

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return False

    @classmethod
    def create_from_cloudformation_json(  # type: ignore[misc]
        cls, resource_name: str, cloudformation_json: dict[str, Any], account_id: str, region_name: str, **kwargs: Any
    ) -> "SecretTargetAttachment":
        p = cloudformation_json["Properties"]
        rds = rds_backends[account_id][region_name]
        if p["TargetType"] == "AWS::RDS::DBCluster":
            cluster = rds.clusters[p["TargetId"]]
            target = {"engine": cluster.engine, "host": cluster.endpoint, "port": cluster.port,
                      "dbClusterIdentifier": cluster.db_cluster_identifier}
        else:
            instance = rds.databases[p["TargetId"]]
            target = {"engine": instance.engine, "host": instance.address, "port": instance.port,
                      "dbInstanceIdentifier": instance.db_instance_identifier}
        backend = secretsmanager_backends[account_id][region_name]
        current = backend.get_secret_value(p["SecretId"], version_id=None, version_stage="AWSCURRENT")
        document = json.loads(current.get("SecretString") or "{}")
        document.update(target)
        backend.put_secret_value(
            p["SecretId"], secret_string=json.dumps(document), secret_binary=None,
            client_request_token=None, version_stages=["AWSCURRENT"],
        )
        return cls(backend.describe_secret(p["SecretId"]).arn)

    @classmethod
    def update_from_cloudformation_json(  # type: ignore[misc]
        cls, original_resource: "SecretTargetAttachment", new_resource_name: str,
        cloudformation_json: dict[str, Any], account_id: str, region_name: str,
    ) -> "SecretTargetAttachment":
        return cls.create_from_cloudformation_json(new_resource_name, cloudformation_json, account_id, region_name)

    def delete(self, account_id: str, region_name: str) -> None:
        """AWS leaves the connection details in the secret when the attachment goes."""

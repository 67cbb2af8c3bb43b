"""AWS::RDS::DBInstance with a Ref'd parameter group and the engine's default port.

moto 5.2.1's DBParameterGroup has no physical_resource_id, so
`DBParameterGroupName: {Ref: <group>}` hands the Python object to
CreateDBInstance, which fails looking it up by name. The property added below
makes Ref give the group's name, as in AWS.

moto's template path also defaults Port to 3306 whatever the engine, so a stack's
Postgres instance listens on 3306; the API path and AWS use the engine's default
(5432 for postgres). The wrapper below fills in 5432 for Postgres engines before
moto reads it.

moto gives every instance the same DbiResourceId (a constant); in AWS each instance has its
own, and a replaced instance a new one, which is how a test tells that a database was
replaced. Each instance now gets a distinct id of the same shape.
"""
import secrets
from typing import Any

from moto.rds.models import DBInstance, DBParameterGroup

DBParameterGroup.physical_resource_id = property(lambda self: self.name)  # type: ignore[attr-defined]

_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_init_db_instance = DBInstance.__init__


def _init_with_own_resource_id(self: DBInstance, *args: Any, **kwargs: Any) -> None:
    _init_db_instance(self, *args, **kwargs)
    self.dbi_resource_id = "db-" + "".join(secrets.choice(_ALPHABET) for _ in range(26))


DBInstance.__init__ = _init_with_own_resource_id  # type: ignore[method-assign]

_create_db_instance = DBInstance.create_from_cloudformation_json.__func__  # type: ignore[attr-defined]


def _create_with_engine_port(
    cls: type, resource_name: str, cloudformation_json: dict[str, Any], account_id: str, region_name: str, **kwargs: Any
) -> DBInstance:
    p = cloudformation_json["Properties"]
    if "Port" not in p and p.get("Engine") in ("postgres", "aurora-postgresql"):
        cloudformation_json = {**cloudformation_json, "Properties": {**p, "Port": 5432}}
    return _create_db_instance(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)


DBInstance.create_from_cloudformation_json = classmethod(_create_with_engine_port)  # type: ignore[method-assign,assignment]

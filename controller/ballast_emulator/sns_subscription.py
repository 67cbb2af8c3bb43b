"""AWS::SNS::Subscription on moto's SNS backend.

moto 5.2.1 skips AWS::SNS::Subscription in templates (only the inline
Subscription list of AWS::SNS::Topic is honoured), so a stack's e-mail
subscription never shows in ListSubscriptionsByTopic. Here it is a real
subscription of TopicArn; FilterPolicy, FilterPolicyScope, RawMessageDelivery,
RedrivePolicy and DeliveryPolicy become subscription attributes and are updated
in place; a new TopicArn, Protocol or Endpoint replaces it, as in AWS. Ref gives
the subscription ARN.
"""
import json
from typing import Any

from moto.core.common_models import CloudFormationModel
from moto.sns.models import sns_backends

_ATTRIBUTES = ("FilterPolicyScope", "FilterPolicy", "RawMessageDelivery", "RedrivePolicy", "DeliveryPolicy")
_CREATE_ONLY = ("TopicArn", "Protocol", "Endpoint")


class SnsSubscription(CloudFormationModel):
    """The stack's handle on one subscription in moto's sns backend."""

    def __init__(self, arn: str, properties: dict[str, Any]):
        self.arn = arn
        self.properties = properties

    @property
    def physical_resource_id(self) -> str:
        return self.arn

    @staticmethod
    def cloudformation_name_type() -> str:
        return ""

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::SNS::Subscription"

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return False

    @staticmethod
    def _set_attributes(backend: Any, arn: str, p: dict[str, Any]) -> None:
        for name in _ATTRIBUTES:  # FilterPolicyScope first: FilterPolicy is validated against it
            if name not in p:
                continue
            value = p[name]
            if isinstance(value, dict):  # policies may be written as JSON objects in templates
                value = json.dumps(value)
            elif isinstance(value, bool):
                value = "true" if value else "false"
            backend.set_subscription_attributes(arn, name, value)

    @classmethod
    def create_from_cloudformation_json(  # type: ignore[misc]
        cls, resource_name: str, cloudformation_json: dict[str, Any], account_id: str, region_name: str, **kwargs: Any
    ) -> "SnsSubscription":
        p = cloudformation_json["Properties"]
        backend = sns_backends[account_id][region_name]
        subscription = backend.subscribe(p["TopicArn"], p["Endpoint"], p["Protocol"])
        cls._set_attributes(backend, subscription.arn, p)
        return cls(subscription.arn, p)

    @classmethod
    def update_from_cloudformation_json(  # type: ignore[misc]
        cls, original_resource: "SnsSubscription", new_resource_name: str, cloudformation_json: dict[str, Any],
        account_id: str, region_name: str,
    ) -> "SnsSubscription":
        p = cloudformation_json["Properties"]
        if any(p.get(k) != original_resource.properties.get(k) for k in _CREATE_ONLY):
            original_resource.delete(account_id, region_name)
            return cls.create_from_cloudformation_json(new_resource_name, cloudformation_json, account_id, region_name)
        cls._set_attributes(sns_backends[account_id][region_name], original_resource.arn, p)
        return cls(original_resource.arn, p)

    def delete(self, account_id: str, region_name: str) -> None:
        sns_backends[account_id][region_name].unsubscribe(self.arn)

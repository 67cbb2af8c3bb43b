"""AWS::SNS::Subscription from a stack is a real subscription of its topic."""
import json

from cfn import deploy, physical_ids, update


def subscription_template(filter_policy: dict) -> dict:
    return {
        "Resources": {
            "Alerts": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "alerts"}},
            "Email": {
                "Type": "AWS::SNS::Subscription",
                "Properties": {"TopicArn": {"Ref": "Alerts"}, "Protocol": "email",
                               "Endpoint": "ops@example.com", "FilterPolicy": filter_policy},
            },
        }
    }


def test_a_stacks_subscription_is_listed_by_topic_and_updated_in_place(aws, name):
    cfn, sns = aws("cloudformation"), aws("sns")
    deploy(cfn, name, subscription_template({"severity": ["high"]}))
    ids = physical_ids(cfn, name)

    [subscription] = sns.list_subscriptions_by_topic(TopicArn=ids["Alerts"])["Subscriptions"]
    assert (subscription["Protocol"], subscription["Endpoint"]) == ("email", "ops@example.com")
    assert subscription["SubscriptionArn"] == ids["Email"]
    attributes = sns.get_subscription_attributes(SubscriptionArn=ids["Email"])["Attributes"]
    assert json.loads(attributes["FilterPolicy"]) == {"severity": ["high"]}

    update(cfn, name, subscription_template({"severity": ["high", "low"]}))

    assert physical_ids(cfn, name)["Email"] == ids["Email"]
    attributes = sns.get_subscription_attributes(SubscriptionArn=ids["Email"])["Attributes"]
    assert json.loads(attributes["FilterPolicy"]) == {"severity": ["high", "low"]}

    cfn.delete_stack(StackName=name)
    assert ids["Email"] not in {s["SubscriptionArn"] for s in sns.list_subscriptions()["Subscriptions"]}

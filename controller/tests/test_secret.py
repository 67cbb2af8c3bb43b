"""AWS::SecretsManager::Secret and ::SecretTargetAttachment from a stack are real secrets."""
import json

from cfn import deploy, outputs, update

GENERATED = {
    "Type": "AWS::SecretsManager::Secret",
    "Properties": {
        "Description": "database credentials",
        "GenerateSecretString": {
            "SecretStringTemplate": json.dumps({"username": "shop"}),
            "GenerateStringKey": "password",
            "PasswordLength": 24,
            "ExcludeCharacters": "\"@/\\",
        },
    },
}


def test_a_generated_secret_holds_the_template_and_a_fresh_password(aws, name):
    cfn, secrets = aws("cloudformation"), aws("secretsmanager")
    template = {
        "Resources": {"Credentials": GENERATED},
        "Outputs": {"Arn": {"Value": {"Ref": "Credentials"}}, "Id": {"Value": {"Fn::GetAtt": ["Credentials", "Id"]}}},
    }
    stack = deploy(cfn, name, template)

    arn = outputs(stack)["Arn"]
    assert arn.startswith("arn:aws:secretsmanager:us-east-1:") and outputs(stack)["Id"] == arn
    value = json.loads(secrets.get_secret_value(SecretId=arn)["SecretString"])
    assert value["username"] == "shop"
    assert len(value["password"]) == 24
    assert not set(value["password"]) & set("\"@/\\")
    assert value["password"] not in cfn.get_template(StackName=name)["TemplateBody"]
    assert secrets.describe_secret(SecretId=arn)["Description"] == "database credentials"


def test_a_plain_secret_string_is_stored_and_updated_in_place(aws, name):
    cfn, secrets = aws("cloudformation"), aws("secretsmanager")

    def template(value):
        return {
            "Resources": {"Token": {"Type": "AWS::SecretsManager::Secret",
                                    "Properties": {"Name": f"{name}/token", "SecretString": value}}},
            "Outputs": {"Arn": {"Value": {"Ref": "Token"}}},
        }

    arn = outputs(deploy(cfn, name, template("one")))["Arn"]
    assert secrets.get_secret_value(SecretId=f"{name}/token")["SecretString"] == "one"
    assert outputs(update(cfn, name, template("two")))["Arn"] == arn
    assert secrets.get_secret_value(SecretId=arn)["SecretString"] == "two"

    cfn.delete_stack(StackName=name)
    assert all(s["Name"] != f"{name}/token" for s in secrets.list_secrets()["SecretList"])


def test_a_stack_update_that_does_not_touch_the_secret_keeps_its_password(aws, name):
    cfn, secrets = aws("cloudformation"), aws("secretsmanager")
    template = {"Resources": {"Credentials": GENERATED}, "Outputs": {"Arn": {"Value": {"Ref": "Credentials"}}}}
    arn = outputs(deploy(cfn, name, template))["Arn"]
    before = secrets.get_secret_value(SecretId=arn)["SecretString"]

    described = json.loads(json.dumps(GENERATED))
    described["Properties"]["Description"] = "rotated by nobody"
    update(cfn, name, {"Resources": {"Credentials": described}, "Outputs": template["Outputs"]})

    assert secrets.get_secret_value(SecretId=arn)["SecretString"] == before
    assert secrets.describe_secret(SecretId=arn)["Description"] == "rotated by nobody"

"""AWS::ApiGateway::Stage from a stack is a real stage; Ref to a Deployment is its id."""
from cfn import deploy, outputs, physical_ids, update


def api_template(stage_description: str, deployment: str = "Deployment") -> dict:
    return {
        "Resources": {
            "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "shop"}},
            "Orders": {
                "Type": "AWS::ApiGateway::Resource",
                "Properties": {"RestApiId": {"Ref": "Api"}, "ParentId": {"Fn::GetAtt": ["Api", "RootResourceId"]},
                               "PathPart": "orders"},
            },
            "GetOrders": {
                "Type": "AWS::ApiGateway::Method",
                "Properties": {"RestApiId": {"Ref": "Api"}, "ResourceId": {"Ref": "Orders"}, "HttpMethod": "GET",
                               "AuthorizationType": "NONE",
                               # moto needs IntegrationHttpMethod even where AWS does not (MOCK): an HTTP one.
                               "Integration": {"Type": "HTTP_PROXY", "IntegrationHttpMethod": "GET",
                                               "Uri": "https://example.com/orders"}},
            },
            deployment: {
                "Type": "AWS::ApiGateway::Deployment",
                "DependsOn": "GetOrders",
                "Properties": {"RestApiId": {"Ref": "Api"}},
            },
            "Stage": {
                "Type": "AWS::ApiGateway::Stage",
                "Properties": {"RestApiId": {"Ref": "Api"}, "DeploymentId": {"Ref": deployment},
                               "StageName": "v1", "Description": stage_description,
                               "Variables": {"alias": "live"}},
            },
        },
        "Outputs": {"Deployment": {"Value": {"Ref": deployment}}, "Stage": {"Value": {"Ref": "Stage"}}},
    }


def test_a_stacks_stage_is_visible_through_get_stage(aws, name):
    cfn, apigateway = aws("cloudformation"), aws("apigateway")
    stack = deploy(cfn, name, api_template("first"))
    api_id = physical_ids(cfn, name)["Api"]
    deployment_id = outputs(stack)["Deployment"]

    assert deployment_id in {d["id"] for d in apigateway.get_deployments(restApiId=api_id)["items"]}
    stage = apigateway.get_stage(restApiId=api_id, stageName="v1")
    assert (stage["deploymentId"], stage["description"], stage["variables"]) == (deployment_id, "first", {"alias": "live"})
    assert outputs(stack)["Stage"] == "v1"


def test_a_new_deployment_moves_the_stage_and_a_stack_delete_removes_it(aws, name):
    cfn, apigateway = aws("cloudformation"), aws("apigateway")
    first = outputs(deploy(cfn, name, api_template("first")))["Deployment"]
    api_id = physical_ids(cfn, name)["Api"]

    second = outputs(update(cfn, name, api_template("second", deployment="Deployment2")))["Deployment"]

    assert second != first
    stage = apigateway.get_stage(restApiId=api_id, stageName="v1")
    assert (stage["deploymentId"], stage["description"]) == (second, "second")
    cfn.delete_stack(StackName=name)
    assert api_id not in {api["id"] for api in apigateway.get_rest_apis()["items"]}

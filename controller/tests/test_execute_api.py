"""A REST API's stage answers plain HTTP on /restapis/{id}/{stage}/_user_request_/, through AWS_PROXY."""
import datetime
import json
import urllib.error
import urllib.request

import pytest

from invocation import ACCOUNT, function_with_versions, write_handler

ECHO = """
    import json

    def handler(event, context):
        if event["queryStringParameters"] and event["queryStringParameters"].get("fail"):
            raise RuntimeError("asked to fail")
        return {"statusCode": 201, "headers": {"X-Version": context.function_version},
                "multiValueHeaders": {"Set-Cookie": ["a=1", "b=2"]},
                "body": json.dumps({"path": event["path"], "resource": event["resource"],
                                    "method": event["httpMethod"], "pathParameters": event["pathParameters"],
                                    "query": event["queryStringParameters"], "body": event["body"],
                                    "stage": event["requestContext"]["stage"],
                                    "header": event["headers"].get("X-Trace")})}
"""


@pytest.fixture
def api(aws, name, tmp_path) -> str:
    """A REST API `name` with GET/POST /orders/{id} → function `name`:live, deployed to stage prod."""
    function_with_versions(aws, name, [write_handler(tmp_path, "echo", ECHO)])
    aws("lambda").create_alias(FunctionName=name, Name="live", FunctionVersion="1")
    gateway = aws("apigateway")
    api_id = gateway.create_rest_api(name=name)["id"]
    root = next(r["id"] for r in gateway.get_resources(restApiId=api_id)["items"] if r["path"] == "/")
    orders = gateway.create_resource(restApiId=api_id, parentId=root, pathPart="orders")["id"]
    order = gateway.create_resource(restApiId=api_id, parentId=orders, pathPart="{id}")["id"]
    arn = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:{name}:live"
    for method in ("GET", "POST"):
        gateway.put_method(restApiId=api_id, resourceId=order, httpMethod=method, authorizationType="NONE")
        gateway.put_integration(
            restApiId=api_id, resourceId=order, httpMethod=method, type="AWS_PROXY", integrationHttpMethod="POST",
            uri=f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{arn}/invocations")
    gateway.create_deployment(restApiId=api_id, stageName="prod")
    return api_id


def request(endpoint: str, path: str, method: str = "GET", body: bytes | None = None) -> tuple[int, dict, bytes]:
    req = urllib.request.Request(endpoint + path, data=body, method=method, headers={"X-Trace": "t-1"})
    try:
        with urllib.request.urlopen(req, timeout=10) as answer:
            return answer.status, dict(answer.headers.items()) | {"Set-Cookie": answer.headers.get_all("Set-Cookie")}, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers.items()), error.read()


def test_a_request_reaches_the_handler_as_a_proxy_event(endpoint, api):
    status, headers, body = request(endpoint, f"/restapis/{api}/prod/_user_request_/orders/42?x=1", "POST", b"hi")
    assert status == 201
    assert headers["X-Version"] == "1"
    assert headers["Set-Cookie"] == ["a=1", "b=2"]
    assert json.loads(body) == {"path": "/orders/42", "resource": "/orders/{id}", "method": "POST",
                                "pathParameters": {"id": "42"}, "query": {"x": "1"}, "body": "hi",
                                "stage": "prod", "header": "t-1"}


def test_failures_answer_as_api_gateway(endpoint, api):
    status, _, body = request(endpoint, f"/restapis/{api}/prod/_user_request_/orders/42?fail=1")
    assert (status, json.loads(body)) == (502, {"message": "Internal server error"})
    status, _, body = request(endpoint, f"/restapis/{api}/prod/_user_request_/customers")
    assert (status, json.loads(body)) == (403, {"message": "Missing Authentication Token"})
    status, _, body = request(endpoint, f"/restapis/{api}/prod/_user_request_/orders/42", "DELETE")
    assert status == 403
    status, _, body = request(endpoint, f"/restapis/{api}/test/_user_request_/orders/42")
    assert (status, json.loads(body)) == (403, {"message": "Forbidden"})


def test_requests_put_api_gateway_metrics(aws, endpoint, api, name):
    for query in ("", "", "?fail=1"):
        request(endpoint, f"/restapis/{api}/prod/_user_request_/orders/7{query}")
    request(endpoint, f"/restapis/{api}/prod/_user_request_/nowhere")

    def total(metric: str, dimensions: dict[str, str], stat: str = "Sum") -> float:
        now = datetime.datetime.now(datetime.timezone.utc)
        answer = aws("cloudwatch").get_metric_data(
            MetricDataQueries=[{"Id": "m", "MetricStat": {
                "Metric": {"Namespace": "AWS/ApiGateway", "MetricName": metric,
                           "Dimensions": [{"Name": k, "Value": v} for k, v in dimensions.items()]},
                "Period": 600, "Stat": stat}}],
            StartTime=now - datetime.timedelta(minutes=5), EndTime=now + datetime.timedelta(minutes=5))
        return sum(answer["MetricDataResults"][0]["Values"])

    stage = {"ApiName": name, "Stage": "prod"}
    assert total("Count", stage) == 4
    assert total("5XXError", stage) == 1
    assert total("4XXError", stage) == 1
    assert total("Latency", stage, "SampleCount") == 4
    assert total("Count", {"ApiName": name}) == 4
    route = {**stage, "Resource": "/orders/{id}", "Method": "GET"}
    assert total("Count", route) == 3
    assert total("5XXError", route) == 1
    # and the function's own: three invocations through the alias live, one failed
    now = datetime.datetime.now(datetime.timezone.utc)
    answer = aws("cloudwatch").get_metric_data(
        MetricDataQueries=[{"Id": "m", "MetricStat": {
            "Metric": {"Namespace": "AWS/Lambda", "MetricName": "Errors",
                       "Dimensions": [{"Name": "FunctionName", "Value": name},
                                      {"Name": "Resource", "Value": f"{name}:live"},
                                      {"Name": "ExecutedVersion", "Value": "1"}]},
            "Period": 600, "Stat": "SampleCount"}}],
        StartTime=now - datetime.timedelta(minutes=5), EndTime=now + datetime.timedelta(minutes=5))
    assert answer["MetricDataResults"][0]["Values"] == [3.0]

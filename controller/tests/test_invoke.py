"""Invoke runs the handler an image names, errors as Lambda's, an alias routed by its weights."""
import pytest

from invocation import function_with_versions, invoke, push_image, write_handler

GOOD = """
    def handler(event, context):
        return {"version": context.function_version, "echo": event,
                "arn": context.invoked_function_arn, "remaining": context.get_remaining_time_in_millis() > 0}
"""
BAD = """
    def handler(event, context):
        raise ValueError("orders table is gone")
"""


@pytest.fixture
def function(aws, name, tmp_path) -> str:
    """Version 1 answers, version 2 raises."""
    function_with_versions(aws, name, [write_handler(tmp_path, "good", GOOD), write_handler(tmp_path, "bad", BAD)])
    return name


def test_invoking_a_version_runs_its_handler_with_the_event(aws, function):
    response, payload = invoke(aws, function, "1", {"order": 7})
    assert response["StatusCode"] == 200
    assert "FunctionError" not in response
    assert response["ExecutedVersion"] == "1"
    assert payload["version"] == "1"
    assert payload["echo"] == {"order": 7}
    assert payload["arn"].endswith(f":function:{function}:1")
    assert payload["remaining"] is True


def test_a_handler_that_raises_answers_lambdas_unhandled_error(aws, function):
    response, payload = invoke(aws, function, "2")
    assert response["StatusCode"] == 200
    assert response["FunctionError"] == "Unhandled"
    assert response["ExecutedVersion"] == "2"
    assert payload["errorType"] == "ValueError"
    assert payload["errorMessage"] == "orders table is gone"
    assert payload["requestId"]
    assert any("raise ValueError" in frame for frame in payload["stackTrace"])


def test_unqualified_invoke_runs_latest(aws, function):
    response, _ = invoke(aws, function)
    assert response["ExecutedVersion"] == "$LATEST"
    assert response["FunctionError"] == "Unhandled"  # $LATEST has version 2's image


def test_an_alias_routes_each_invocation_in_proportion_to_its_weights(aws, function):
    lambda_ = aws("lambda")
    lambda_.create_alias(FunctionName=function, Name="live", FunctionVersion="1",
                         RoutingConfig={"AdditionalVersionWeights": {"2": 0.25}})
    executed = [invoke(aws, function, "live")[0]["ExecutedVersion"] for _ in range(8)]
    assert executed == ["1", "1", "1", "2", "1", "1", "1", "2"]

    lambda_.update_alias(FunctionName=function, Name="live", FunctionVersion="2",
                         RoutingConfig={"AdditionalVersionWeights": {}})
    response, payload = invoke(aws, f"{function}:live")
    assert (response["ExecutedVersion"], response["FunctionError"]) == ("2", "Unhandled")


def test_a_handler_keeps_its_module_state_between_invocations(aws, name, tmp_path):
    counter = write_handler(tmp_path, "counter", """
        calls = 0

        def handler(event, context):
            global calls
            calls += 1
            return calls
    """)
    function_with_versions(aws, name, [counter])
    assert [invoke(aws, name, "1")[1] for _ in range(3)] == [1, 2, 3]


def test_a_handler_named_with_its_function(aws, name, tmp_path):
    path = write_handler(tmp_path, "app", """
        def answer(event, context):
            return "named"
    """)
    function_with_versions(aws, name, [path.with_name("app.py:answer")])
    assert invoke(aws, name, "1")[1] == "named"


def test_a_handler_slower_than_the_timeout_times_out_as_lambda(aws, name, tmp_path):
    slow = write_handler(tmp_path, "slow", """
        import time

        def handler(event, context):
            time.sleep(1.2)
            return "late"
    """)
    lambda_ = aws("lambda")
    image = push_image(aws, name, "v1", slow)
    from invocation import role
    lambda_.create_function(FunctionName=name, Role=role(aws, name), PackageType="Image",
                            Code={"ImageUri": image}, Timeout=1)
    response, payload = invoke(aws, name)
    assert response["FunctionError"] == "Unhandled"
    assert payload["errorMessage"].endswith("Task timed out after 1.00 seconds")


def test_a_version_keeps_its_handler_when_its_tag_moves_to_another_image(aws, name, tmp_path):
    lambda_ = aws("lambda")
    first = push_image(aws, name, "dev", write_handler(tmp_path, "good", GOOD))
    from invocation import role
    lambda_.create_function(FunctionName=name, Role=role(aws, name), PackageType="Image", Code={"ImageUri": first})
    lambda_.publish_version(FunctionName=name)
    push_image(aws, name, "dev", write_handler(tmp_path, "bad", BAD))  # the same tag, another image

    response, payload = invoke(aws, name, "1")
    assert "FunctionError" not in response
    assert payload["version"] == "1"


def test_what_a_handler_prints_is_its_log_and_the_tail_comes_back(aws, name, tmp_path):
    chatty = write_handler(tmp_path, "chatty", """
        def handler(event, context):
            print("looking up order", event["order"])
            return "found"
    """)
    function_with_versions(aws, name, [chatty])
    response = aws("lambda").invoke(FunctionName=name, Qualifier="1", Payload=b'{"order": 7}', LogType="Tail")
    assert response["Payload"].read() == b'"found"'
    import base64
    log = base64.b64decode(response["LogResult"]).decode()
    assert log.startswith("START RequestId: ") and " Version: 1\n" in log
    assert "\nlooking up order 7\nEND RequestId: " in log
    assert "\nREPORT RequestId: " in log and "\tBilled Duration: " in log
    assert "LogResult" not in aws("lambda").invoke(FunctionName=name, Qualifier="1", Payload=b'{"order": 8}')

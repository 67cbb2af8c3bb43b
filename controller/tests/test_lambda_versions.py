"""Lambda version numbers are never reused after a deletion; an aliased version cannot be deleted."""
import pytest

from test_lambda_alias import function, push_image  # noqa: F401  (the fixture and its image)


def test_a_deleted_version_number_is_not_reused(aws, function):  # noqa: F811
    lambda_ = aws("lambda")
    lambda_.delete_function(FunctionName=function, Qualifier="1")
    lambda_.update_function_configuration(FunctionName=function, MemorySize=1024)
    assert lambda_.publish_version(FunctionName=function)["Version"] == "3"
    lambda_.delete_function(FunctionName=function, Qualifier="3")
    lambda_.update_function_configuration(FunctionName=function, MemorySize=2048)
    assert lambda_.publish_version(FunctionName=function)["Version"] == "4"
    versions = [v["Version"] for v in lambda_.list_versions_by_function(FunctionName=function)["Versions"]]
    assert versions == ["$LATEST", "2", "4"]


def test_a_version_an_alias_routes_to_cannot_be_deleted(aws, function):  # noqa: F811
    lambda_ = aws("lambda")
    lambda_.create_alias(FunctionName=function, Name="live", FunctionVersion="1",
                         RoutingConfig={"AdditionalVersionWeights": {"2": 0.1}})
    for version in ("1", "2"):
        with pytest.raises(lambda_.exceptions.ResourceConflictException, match="aliases reference it: \\['live'\\]") as e:
            lambda_.delete_function(FunctionName=function, Qualifier=version)
        assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409
    lambda_.update_alias(FunctionName=function, Name="live", FunctionVersion="2",
                         RoutingConfig={"AdditionalVersionWeights": {}})
    lambda_.delete_function(FunctionName=function, Qualifier="1")
    versions = [v["Version"] for v in lambda_.list_versions_by_function(FunctionName=function)["Versions"]]
    assert versions == ["$LATEST", "2"]

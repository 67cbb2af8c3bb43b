"""A function's RevisionId and LastModified move with every change; stale preconditions are refused."""
import json

import pytest

from test_lambda_alias import function, push_image  # noqa: F401  (the fixture and its image)


def test_every_change_gives_the_function_a_new_revision_and_last_modified(aws, function):  # noqa: F811
    lambda_ = aws("lambda")
    before = lambda_.get_function_configuration(FunctionName=function)
    assert before["RevisionId"]
    updated = lambda_.update_function_configuration(FunctionName=function, MemorySize=1024)
    assert updated["RevisionId"] != before["RevisionId"]
    assert updated["LastModified"] > before["LastModified"]
    after = lambda_.get_function(FunctionName=function)["Configuration"]
    assert (after["RevisionId"], after["LastModified"]) == (updated["RevisionId"], updated["LastModified"])
    recoded = lambda_.update_function_code(FunctionName=function, ImageUri=after_image(aws))
    assert recoded["RevisionId"] not in (before["RevisionId"], updated["RevisionId"])
    assert lambda_.get_function_configuration(FunctionName=function)["RevisionId"] == recoded["RevisionId"]


def after_image(aws) -> str:
    """A second image in the fixture's repository (pushed once per session)."""
    ecr = aws("ecr")
    try:
        ecr.put_image(repositoryName="orders", imageTag="1.5.0", imageManifest=json.dumps({
            "schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
            "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 1,
                       "digest": "sha256:" + "3" * 64},
            "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 1,
                        "digest": "sha256:" + "2" * 64}],
        }))
    except ecr.exceptions.ImageAlreadyExistsException:
        pass
    return "123456789012.dkr.ecr.us-east-1.amazonaws.com/orders:1.5.0"


def test_a_published_version_has_a_revision_of_its_own(aws, function):  # noqa: F811
    lambda_ = aws("lambda")
    lambda_.update_function_configuration(FunctionName=function, MemorySize=2048)
    latest = lambda_.get_function_configuration(FunctionName=function)
    published = lambda_.publish_version(FunctionName=function, RevisionId=latest["RevisionId"])
    assert published["RevisionId"] and published["RevisionId"] != latest["RevisionId"]
    assert lambda_.get_function_configuration(
        FunctionName=function, Qualifier=published["Version"])["RevisionId"] == published["RevisionId"]


def test_a_stale_revision_is_refused_by_updates_and_publish(aws, function):  # noqa: F811
    lambda_ = aws("lambda")
    stale = lambda_.get_function_configuration(FunctionName=function)["RevisionId"]
    lambda_.update_function_configuration(FunctionName=function, MemorySize=1536)
    for call in (
        lambda: lambda_.update_function_configuration(FunctionName=function, MemorySize=128, RevisionId=stale),
        lambda: lambda_.update_function_code(FunctionName=function, ImageUri=after_image(aws), RevisionId=stale),
        lambda: lambda_.publish_version(FunctionName=function, RevisionId=stale),
    ):
        with pytest.raises(lambda_.exceptions.PreconditionFailedException) as refused:
            call()
        assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 412
    assert lambda_.get_function_configuration(FunctionName=function)["MemorySize"] == 1536


def test_publish_with_another_code_sha256_is_refused(aws, function):  # noqa: F811
    lambda_ = aws("lambda")
    lambda_.update_function_configuration(FunctionName=function, MemorySize=3008)
    versions = len(lambda_.list_versions_by_function(FunctionName=function)["Versions"])
    with pytest.raises(lambda_.exceptions.InvalidParameterValueException, match="CodeSha256"):
        lambda_.publish_version(FunctionName=function, CodeSha256="0" * 64)
    assert len(lambda_.list_versions_by_function(FunctionName=function)["Versions"]) == versions
    sha = lambda_.get_function_configuration(FunctionName=function)["CodeSha256"]
    assert lambda_.publish_version(FunctionName=function, CodeSha256=sha)["CodeSha256"] == sha

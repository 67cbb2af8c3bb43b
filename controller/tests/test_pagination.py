"""Lists Ballast reads page by page come in pages of AWS's sizes, with tokens that lead to the rest."""
import hashlib
import json

import pytest

from test_lambda_alias import function, push_image  # noqa: F401  (the fixture and its image)


def every_page(call, items_key: str, token_key: str, request_token_key: str, **kwargs) -> list[list]:
    """The pages a caller gets by following tokens from the first page."""
    pages, token = [], None
    while True:
        answer = call(**kwargs, **({request_token_key: token} if token else {}))
        pages.append(answer[items_key])
        token = answer.get(token_key)
        if not token:
            return pages


def test_lambda_versions_and_aliases_come_in_pages(aws, function):  # noqa: F811
    lambda_ = aws("lambda")
    for memory in range(1024, 1024 + 64 * 55, 64):  # 55 more versions: 58 with $LATEST
        lambda_.update_function_configuration(FunctionName=function, MemorySize=memory)
        lambda_.publish_version(FunctionName=function)
    pages = every_page(lambda_.list_versions_by_function, "Versions", "NextMarker", "Marker", FunctionName=function)
    assert [len(p) for p in pages] == [50, 8]
    versions = [v["Version"] for p in pages for v in p]
    assert versions == ["$LATEST"] + [str(n) for n in range(1, 58)]
    small = every_page(lambda_.list_versions_by_function, "Versions", "NextMarker", "Marker",
                       FunctionName=function, MaxItems=20)
    assert [len(p) for p in small] == [20, 20, 18]
    for n in range(3):
        lambda_.create_alias(FunctionName=function, Name=f"a{n}", FunctionVersion="1")
    aliases = every_page(lambda_.list_aliases, "Aliases", "NextMarker", "Marker", FunctionName=function, MaxItems=2)
    assert [[a["Name"] for a in p] for p in aliases] == [["a0", "a1"], ["a2"]]
    with pytest.raises(lambda_.exceptions.InvalidParameterValueException):
        lambda_.list_aliases(FunctionName=function, Marker="not-a-marker")


def test_describe_alarms_comes_in_pages(aws, name):
    cloudwatch = aws("cloudwatch")
    names = [f"{name}-{n:03}" for n in range(60)]
    for alarm in names:
        cloudwatch.put_metric_alarm(AlarmName=alarm, Namespace="n", MetricName="m", Statistic="Sum", Period=60,
                                    EvaluationPeriods=1, Threshold=1, ComparisonOperator="GreaterThanThreshold")
    pages = every_page(cloudwatch.describe_alarms, "MetricAlarms", "NextToken", "NextToken", AlarmNamePrefix=name)
    assert [len(p) for p in pages] == [50, 10]
    assert sorted(a["AlarmName"] for p in pages for a in p) == names
    small = every_page(cloudwatch.describe_alarms, "MetricAlarms", "NextToken", "NextToken",
                       AlarmNamePrefix=name, MaxRecords=25)
    assert [len(p) for p in small] == [25, 25, 10]
    with pytest.raises(cloudwatch.exceptions.ClientError, match="InvalidNextToken"):
        cloudwatch.describe_alarms(AlarmNamePrefix=name, NextToken="not-a-token")


def test_ecr_describe_images_comes_in_pages(aws, name):
    ecr = aws("ecr")
    ecr.create_repository(repositoryName=name)
    for n in range(105):
        ecr.put_image(repositoryName=name, imageTag=f"t{n}", imageManifest=json.dumps({
            "schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
            "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 1,
                       "digest": "sha256:" + hashlib.sha256(str(n).encode()).hexdigest()},
            "layers": []}))
    pages = every_page(ecr.describe_images, "imageDetails", "nextToken", "nextToken", repositoryName=name)
    assert [len(p) for p in pages] == [100, 5]
    assert len({d["imageDigest"] for p in pages for d in p}) == 105
    small = every_page(ecr.describe_images, "imageDetails", "nextToken", "nextToken", repositoryName=name, maxResults=50)
    assert [len(p) for p in small] == [50, 50, 5]
    with pytest.raises(ecr.exceptions.InvalidParameterException):
        ecr.describe_images(repositoryName=name, nextToken="not-a-token")

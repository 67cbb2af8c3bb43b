"""ECR digests are the sha256 of the manifest as pushed, wherever an image is read."""
import hashlib
import json

import pytest


def manifest(config: bytes, layers: list[bytes], indent: int | None = None) -> str:
    """A Docker v2 image manifest for a config and layers (their bytes stand for the blobs)."""
    return json.dumps({
        "schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
        "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": len(config),
                   "digest": "sha256:" + hashlib.sha256(config).hexdigest()},
        "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": len(layer),
                    "digest": "sha256:" + hashlib.sha256(layer).hexdigest()} for layer in layers],
    }, indent=indent)


def sha256(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def test_images_with_the_same_layers_and_another_config_get_their_own_digests(aws, name):
    ecr = aws("ecr")
    ecr.create_repository(repositoryName=name)
    first, second = manifest(b"config one", [b"base"]), manifest(b"config two", [b"base"])
    pushed = [ecr.put_image(repositoryName=name, imageManifest=m, imageTag=tag)["image"]["imageId"]["imageDigest"]
              for tag, m in (("one", first), ("two", second))]
    assert pushed == [sha256(first), sha256(second)]


def test_images_without_layers_get_their_own_digests(aws, name):
    ecr = aws("ecr")
    ecr.create_repository(repositoryName=name)
    first, second = manifest(b"config one", []), manifest(b"config two", [])
    for tag, m in (("one", first), ("two", second)):
        ecr.put_image(repositoryName=name, imageManifest=m, imageTag=tag)
    described = {d["imageTags"][0]: d["imageDigest"] for d in ecr.describe_images(repositoryName=name)["imageDetails"]}
    assert described == {"one": sha256(first), "two": sha256(second)}
    assert sha256("") not in described.values()


def test_the_digest_covers_the_bytes_as_pushed_not_the_parsed_json(aws, name):
    ecr = aws("ecr")
    ecr.create_repository(repositoryName=name)
    compact, indented = manifest(b"config", [b"base"]), manifest(b"config", [b"base"], indent=3)
    digests = [ecr.put_image(repositoryName=name, imageManifest=m, imageTag=tag)["image"]["imageId"]["imageDigest"]
               for tag, m in (("compact", compact), ("indented", indented))]
    assert digests == [sha256(compact), sha256(indented)]


def test_describe_and_batch_get_by_tag_and_by_digest_agree(aws, name):
    ecr = aws("ecr")
    ecr.create_repository(repositoryName=name)
    pushed = manifest(b"config", [b"base", b"app"])
    ecr.put_image(repositoryName=name, imageManifest=pushed, imageTag="1.0")
    digest = sha256(pushed)
    by_tag = ecr.describe_images(repositoryName=name, imageIds=[{"imageTag": "1.0"}])["imageDetails"][0]
    by_digest = ecr.describe_images(repositoryName=name, imageIds=[{"imageDigest": digest}])["imageDetails"][0]
    assert by_tag["imageDigest"] == by_digest["imageDigest"] == digest
    for image_id in ({"imageTag": "1.0"}, {"imageDigest": digest}):
        image = ecr.batch_get_image(repositoryName=name, imageIds=[image_id])["images"][0]
        assert image["imageId"]["imageDigest"] == digest
        assert image["imageManifest"] == pushed


def test_a_digest_given_with_the_push_must_be_the_manifests(aws, name):
    ecr = aws("ecr")
    ecr.create_repository(repositoryName=name)
    pushed = manifest(b"config", [b"base"])
    with pytest.raises(ecr.exceptions.ImageDigestDoesNotMatchException):
        ecr.put_image(repositoryName=name, imageManifest=pushed, imageTag="1.0", imageDigest=sha256("other"))
    assert ecr.describe_images(repositoryName=name)["imageDetails"] == []
    given = ecr.put_image(repositoryName=name, imageManifest=pushed, imageTag="1.0", imageDigest=sha256(pushed))
    assert given["image"]["imageId"]["imageDigest"] == sha256(pushed)


def test_a_functions_code_sha256_is_its_images_manifest_digest(aws, name):
    ecr, iam, lambda_ = aws("ecr"), aws("iam"), aws("lambda")
    ecr.create_repository(repositoryName=name)
    pushed = manifest(b"config", [])
    ecr.put_image(repositoryName=name, imageManifest=pushed, imageTag="1.0")
    role = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                                                 "Action": "sts:AssumeRole"}]}))["Role"]["Arn"]
    function = lambda_.create_function(
        FunctionName=name, Role=role, PackageType="Image",
        Code={"ImageUri": f"123456789012.dkr.ecr.us-east-1.amazonaws.com/{name}:1.0"})
    assert function["CodeSha256"] == sha256(pushed).removeprefix("sha256:")

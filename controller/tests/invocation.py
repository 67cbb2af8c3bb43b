"""Helpers for tests that invoke functions: images whose manifest names a handler file."""
import json
import textwrap
from pathlib import Path

ACCOUNT = "123456789012"


def write_handler(directory: Path, name: str, body: str) -> Path:
    """A handler file `name`.py in `directory` with the (dedented) source `body`."""
    path = directory / f"{name}.py"
    path.write_text(textwrap.dedent(body))
    return path


def push_image(aws, repository: str, tag: str, handler: Path | None) -> str:
    """Pushes a manifest naming `handler` (ballast_emulator/handlers.py); gives the image URI."""
    ecr = aws("ecr")
    try:
        ecr.create_repository(repositoryName=repository)
    except ecr.exceptions.RepositoryAlreadyExistsException:
        pass
    manifest = {
        "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "size": 1,
                   "digest": "sha256:" + "1" * 64},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "size": 1,
                    "digest": "sha256:" + "2" * 64}],
    }
    if handler is not None:
        manifest["annotations"] = {"ballast.emulator.handler": str(handler)}
    ecr.put_image(repositoryName=repository, imageTag=tag, imageManifest=json.dumps(manifest))
    return f"{ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/{repository}:{tag}"


def role(aws, name: str) -> str:
    return aws("iam").create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                       "Action": "sts:AssumeRole"}],
    }))["Role"]["Arn"]


def function_with_versions(aws, name: str, handlers: list[Path]) -> None:
    """A function whose version N (1, 2, …) runs handlers[N-1]; $LATEST runs the last."""
    lambda_ = aws("lambda")
    for number, handler in enumerate(handlers, start=1):
        image = push_image(aws, name, f"v{number}", handler)
        if number == 1:
            lambda_.create_function(FunctionName=name, Role=role(aws, name), PackageType="Image",
                                    Code={"ImageUri": image}, Timeout=10)
        else:
            lambda_.update_function_code(FunctionName=name, ImageUri=image)
        assert lambda_.publish_version(FunctionName=name)["Version"] == str(number)


def invoke(aws, function: str, qualifier: str | None = None, event: dict | None = None) -> tuple[dict, dict]:
    """(the response without its payload, the payload decoded)."""
    arguments = {"FunctionName": function, "Payload": json.dumps(event or {})}
    if qualifier:
        arguments["Qualifier"] = qualifier
    response = aws("lambda").invoke(**arguments)
    return response, json.loads(response.pop("Payload").read())

#!/usr/bin/env python3
"""Deploys what `ballast synth` wrote, with boto3, into the AWS emulator, the way Ballast's own
deploy would leave it: every stack of a stage in manifest order (template body as written,
parameters, the stage's tags, termination protection), then a published version and the alias
`live` of each handler. Tests use it to build a world that is in sync with the desired state,
then change one thing at a time.

    deploy_synth_output.py --endpoint http://127.0.0.1:PORT --out DIR --stage dev
    deploy_synth_output.py --endpoint … --push-images dev --desired desired   # ECR images first

With --push-images it creates the ECR repositories of the stage's images and pushes an image
manifest for each tag, so DescribeImages resolves the tags to digests.
"""
import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

import boto3

CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


def client(service, endpoint, region):
    return boto3.client(service, endpoint_url=endpoint, region_name=region, **CREDENTIALS)


def push_images(endpoint, region, images, repush=None, handler=None):
    """Creates each repository and pushes a distinct manifest per tag (with repush, another
    manifest under the same tag: what a re-pushed tag looks like; each distinct repush value
    gives another image). With handler, the manifest names that Python file as what the image
    does when invoked (controller/ballast_emulator/handlers.py)."""
    ecr = client("ecr", endpoint, region)
    for image in images:
        registry, rest = image.split("/", 1)
        repository, tag = rest.rsplit(":", 1)
        try:
            ecr.create_repository(repositoryName=repository)
        except ecr.exceptions.RepositoryAlreadyExistsException:
            pass
        suffix = "" if repush is None else (":again" if repush == "again" else f":again-{repush}")
        config = hashlib.sha256(f"{repository}:{tag}{suffix}".encode()).hexdigest()
        manifest = json.dumps({
            "schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
            "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 1,
                       "digest": f"sha256:{config}"},
            # Every image on one base layer, as real images share theirs: the image's digest (the
            # manifest's sha256) differs by its config alone.
            "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 1,
                        "digest": "sha256:" + hashlib.sha256(b"base layer").hexdigest()}],
        } | ({"annotations": {"ballast.emulator.handler": str(Path(handler).resolve())}} if handler else {}))
        try:
            ecr.put_image(repositoryName=repository, imageManifest=manifest, imageTag=tag)
        except ecr.exceptions.ImageAlreadyExistsException:
            pass


def deploy(endpoint, out, stage):
    manifest = json.loads((Path(out) / "manifest.json").read_text())
    project = manifest["project"]
    entry = next(s for s in manifest["stages"] if s["name"] == stage)
    region = entry["region"]
    cfn = client("cloudformation", endpoint, region)
    tags = [{"Key": "managed-by", "Value": "ballast"}, {"Key": "project", "Value": project}, {"Key": "stage", "Value": stage}]
    for stack in entry["stacks"]:
        body = (Path(out) / stack["file"]).read_text()
        arguments = {
            "StackName": stack["name"], "TemplateBody": body, "Tags": tags,
            "Parameters": [{"ParameterKey": k, "ParameterValue": v} for k, v in sorted(stack["parameters"].items())],
            "Capabilities": ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"],
            "EnableTerminationProtection": stack["terminationProtection"],
        }
        if stack.get("stackPolicy"):
            arguments["StackPolicyBody"] = json.dumps(stack["stackPolicy"])
        cfn.create_stack(**arguments)
        wait(cfn, stack["name"])
        if stack["kind"] == "compute":
            alias_functions(endpoint, region, body)


def wait(cfn, name):
    for _ in range(600):
        status = cfn.describe_stacks(StackName=name)["Stacks"][0]["StackStatus"]
        if not status.endswith("_IN_PROGRESS"):
            if status != "CREATE_COMPLETE":
                sys.exit(f"{name}: {status}")
            return
        time.sleep(0.2)
    sys.exit(f"{name}: still in progress")


def alias_functions(endpoint, region, body):
    """Publishes a version of each function of a compute stack and points `live` at it."""
    lam = client("lambda", endpoint, region)
    for resource in json.loads(body)["Resources"].values():
        if resource["Type"] != "AWS::Lambda::Function":
            continue
        name = resource["Properties"]["FunctionName"]
        # Lambda refuses PublishVersion while a new function is Pending (the emulator too,
        # with a latency profile other than `instant`).
        lam.get_waiter("function_active_v2").wait(FunctionName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 120})
        version = lam.publish_version(FunctionName=name)["Version"]
        lam.create_alias(FunctionName=name, Name="live", FunctionVersion=version)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--out")
    parser.add_argument("--stage", required=True)
    parser.add_argument("--region")
    parser.add_argument("--push-images", nargs="*", default=None, help="image URIs (repo:tag) to push")
    parser.add_argument("--repush", nargs="?", const="again", default=None,
                        help="push another manifest under the same tags (a distinct value per re-push: N)")
    parser.add_argument("--handler", help="the Python handler file the pushed images run in the emulator")
    args = parser.parse_args()
    if args.push_images is not None:
        push_images(args.endpoint, args.region, args.push_images, args.repush, args.handler)
    if args.out:
        deploy(args.endpoint, args.out, args.stage)


if __name__ == "__main__":
    main()

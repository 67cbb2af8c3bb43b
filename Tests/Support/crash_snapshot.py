#!/usr/bin/env python3
"""What the deploy crash tests look at after every kill, read from the emulator's services in
one pass over every stage: each stack's status, each RDS instance's identity (DbiResourceId and
creation time, which a replacement changes), and per function the alias `live` (version and
weights), the published versions with their CodeSha256 and the `ballast:rollout` tag, as
`rollout_watch.py snapshot` reads them.

    crash_snapshot.py ENDPOINT PROJECT STAGE=REGION… [--image STAGE=REPOSITORY:TAG]

With --image it also prints the ECR digest the tag resolves to in that stage's region
(`image`, hex, as a version of that image has it for CodeSha256).
"""
import argparse
import json

import boto3

from rollout_watch import CREDENTIALS, snapshot


def stage_state(endpoint, region, prefix):
    def client(service):
        return boto3.client(service, endpoint_url=endpoint, region_name=region, **CREDENTIALS)

    cfn, rds, lam = client("cloudformation"), client("rds"), client("lambda")
    stacks = {s["StackName"]: s["StackStatus"]
              for page in cfn.get_paginator("describe_stacks").paginate() for s in page["Stacks"]
              if s["StackName"].startswith(prefix)}
    databases = {d["DBInstanceIdentifier"]: {"resourceId": d.get("DbiResourceId"),
                                             "created": str(d.get("InstanceCreateTime"))}
                 for d in rds.describe_db_instances()["DBInstances"]
                 if d["DBInstanceIdentifier"].startswith(prefix)}
    functions = {}
    for page in lam.get_paginator("list_functions").paginate():
        for function in page["Functions"]:
            name = function["FunctionName"]
            if name.startswith(prefix):
                functions[name] = snapshot(lam, name)
    return {"stacks": stacks, "databases": databases, "functions": functions}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("endpoint")
    parser.add_argument("project")
    parser.add_argument("stages", nargs="+", help="STAGE=REGION")
    parser.add_argument("--image", help="STAGE=REPOSITORY:TAG")
    arguments = parser.parse_args()
    regions = dict(entry.split("=", 1) for entry in arguments.stages)
    result = {"stages": {stage: stage_state(arguments.endpoint, region, f"{arguments.project}-{stage}-")
                         for stage, region in regions.items()}}
    if arguments.image:
        stage, image = arguments.image.split("=", 1)
        repository, tag = image.rsplit(":", 1)
        ecr = boto3.client("ecr", endpoint_url=arguments.endpoint, region_name=regions[stage], **CREDENTIALS)
        detail = ecr.describe_images(repositoryName=repository, imageIds=[{"imageTag": tag}])["imageDetails"][0]
        result["image"] = detail["imageDigest"].removeprefix("sha256:")
    print(json.dumps(result))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Reads a function's rollout state from Lambda itself (the alias `live`, the published
versions with their CodeSha256, the `ballast:rollout` tag) for the crash-safety tests.

    rollout_watch.py snapshot ENDPOINT REGION FUNCTION [REPOSITORY:TAG]   # one JSON object
    rollout_watch.py watch ENDPOINT REGION FUNCTION OUT.jsonl  # until killed

`watch` polls every 0.1 s and appends a line (with the wall-clock time `t`, seconds since
the epoch) each time the alias or the tag changes, so a test sees every state `live` was
ever in, not only those after a kill. `snapshot` with REPOSITORY:TAG also prints the ECR
digest the tag resolves to (`image`), which is the CodeSha256 a version of that image has.
"""
import json
import sys
import time

import boto3

CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


def snapshot(lam, function):
    try:
        alias = lam.get_alias(FunctionName=function, Name="live")
        live = {"version": alias["FunctionVersion"], "revision": alias.get("RevisionId"),
                "weights": (alias.get("RoutingConfig") or {}).get("AdditionalVersionWeights") or {}}
    except lam.exceptions.ResourceNotFoundException:
        live = None
    versions = []
    for page in lam.get_paginator("list_versions_by_function").paginate(FunctionName=function):
        versions += [{"version": v["Version"], "codeSha256": v.get("CodeSha256")} for v in page["Versions"]]
    arn = lam.get_function_configuration(FunctionName=function)["FunctionArn"]
    tags = lam.list_tags(Resource=arn.removesuffix(":$LATEST")).get("Tags", {})
    return {"live": live, "versions": versions, "tag": tags.get("ballast:rollout")}


def main() -> None:
    mode, endpoint, region, function = sys.argv[1:5]
    lam = boto3.client("lambda", endpoint_url=endpoint, region_name=region, **CREDENTIALS)
    if mode == "snapshot":
        state = snapshot(lam, function)
        if len(sys.argv) > 5:
            repository, tag = sys.argv[5].rsplit(":", 1)
            ecr = boto3.client("ecr", endpoint_url=endpoint, region_name=region, **CREDENTIALS)
            image = ecr.describe_images(repositoryName=repository, imageIds=[{"imageTag": tag}])["imageDetails"][0]
            state["image"] = image["imageDigest"].removeprefix("sha256:")
        print(json.dumps(state))
        return
    previous = None
    with open(sys.argv[5], "a", encoding="utf-8") as out:
        while True:
            try:
                state = snapshot(lam, function)
            except Exception as error:  # the emulator busy or stopping: try again
                print(f"rollout_watch: {error}", file=sys.stderr)
                time.sleep(0.1)
                continue
            seen = (json.dumps(state["live"], sort_keys=True), state["tag"],
                    json.dumps(state["versions"], sort_keys=True))
            if seen != previous:
                previous = seen
                out.write(json.dumps({"t": time.time(), **state}) + "\n")
                out.flush()
            time.sleep(0.1)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Prints, as one JSON object, the history of the stacks and functions whose names start with
one of the prefixes, read with boto3 from the emulator: every status each stack's events went
through (DescribeStackEvents, all pages), and every published version of each function with
what makes it distinct (code and configuration) and where its alias `live` points. Tests of
controllers acting side by side check that nothing failed and nothing was published twice.

    stack_history.py ENDPOINT REGION PREFIX [PREFIX …]      # PREFIX: <project>-<stage>-
"""
import json
import sys

import boto3

CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


def main() -> None:
    endpoint, region, prefixes = sys.argv[1], sys.argv[2], tuple(sys.argv[3:])

    def client(service):
        return boto3.client(service, endpoint_url=endpoint, region_name=region, **CREDENTIALS)

    cfn, lam = client("cloudformation"), client("lambda")
    stacks = {}
    for page in cfn.get_paginator("describe_stacks").paginate():
        for stack in page["Stacks"]:
            name = stack["StackName"]
            if not name.startswith(prefixes):
                continue
            events = [e for p in cfn.get_paginator("describe_stack_events").paginate(StackName=name)
                      for e in p["StackEvents"]]
            stacks[name] = {
                "status": stack["StackStatus"],
                "events": [f'{e["LogicalResourceId"]} {e["ResourceStatus"]}' for e in events],
            }
    functions = {}
    for page in lam.get_paginator("list_functions").paginate():
        for function in page["Functions"]:
            name = function["FunctionName"]
            if not name.startswith(prefixes):
                continue
            versions = [v for p in lam.get_paginator("list_versions_by_function").paginate(FunctionName=name)
                        for v in p["Versions"] if v["Version"] != "$LATEST"]
            aliases = {a["Name"]: a["FunctionVersion"] for a in lam.list_aliases(FunctionName=name)["Aliases"]}
            functions[name] = {
                "versions": {
                    v["Version"]: json.dumps([v["CodeSha256"], v.get("MemorySize"), v.get("Timeout"),
                                              v.get("Environment", {}).get("Variables", {})], sort_keys=True)
                    for v in versions
                },
                "live": aliases.get("live"),
            }
    print(json.dumps({"stacks": stacks, "functions": functions}))


if __name__ == "__main__":
    main()

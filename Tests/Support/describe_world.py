#!/usr/bin/env python3
"""Prints, as one JSON object, what a stage left in each AWS service of the emulator, read
with boto3 from the services themselves (not from CloudFormation): tests check that a
reconcile made real things, not only stacks.

    describe_world.py ENDPOINT REGION PREFIX      # PREFIX: <project>-<stage>-
"""
import json
import sys

import boto3

CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


def main() -> None:
    endpoint, region, prefix = sys.argv[1:4]

    def client(service):
        return boto3.client(service, endpoint_url=endpoint, region_name=region, **CREDENTIALS)

    cfn, ec2, rds, lam, apigw, cw, s3, sts = (client(s) for s in (
        "cloudformation", "ec2", "rds", "lambda", "apigateway", "cloudwatch", "s3", "sts"))
    stacks = {
        s["StackName"]: {"status": s["StackStatus"], "tags": {t["Key"]: t["Value"] for t in s.get("Tags", [])},
                         "protected": s.get("EnableTerminationProtection", False)}
        for page in cfn.get_paginator("describe_stacks").paginate() for s in page["Stacks"]
        if s["StackName"].startswith(prefix)
    }
    vpcs = [v["CidrBlock"] for v in ec2.describe_vpcs()["Vpcs"]
            if {"Key": "stage", "Value": prefix.split("-")[-2]} in v.get("Tags", [])]
    databases = [d["DBInstanceIdentifier"] for d in rds.describe_db_instances()["DBInstances"]]
    functions = {}
    versions = {}
    for page in lam.get_paginator("list_functions").paginate():
        for f in page["Functions"]:
            if f["FunctionName"].startswith(prefix):
                aliases = lam.list_aliases(FunctionName=f["FunctionName"])["Aliases"]
                functions[f["FunctionName"]] = {a["Name"]: a["FunctionVersion"] for a in aliases}
                published = [v for p in lam.get_paginator("list_versions_by_function").paginate(
                    FunctionName=f["FunctionName"]) for v in p["Versions"] if v["Version"] != "$LATEST"]
                versions[f["FunctionName"]] = {v["Version"]: v["CodeSha256"] for v in published}
    # Change sets not executed (moto lists the whole region's, executed ones included).
    change_sets = {name: len([c for c in cfn.list_change_sets(StackName=name).get("Summaries", [])
                              if c["StackName"] == name and c["ExecutionStatus"] != "EXECUTE_COMPLETE"])
                   for name in stacks}
    apis = [a["name"] for a in apigw.get_rest_apis()["items"] if a["name"].startswith(prefix.rstrip("-"))]
    alarms = [a["AlarmName"] for page in cw.get_paginator("describe_alarms").paginate()
              for a in page["MetricAlarms"] if a["AlarmName"].startswith(prefix)]
    bucket = f"ballast-templates-{sts.get_caller_identity()['Account']}-{region}"
    template_bucket = None
    if bucket in [b["Name"] for b in s3.list_buckets()["Buckets"]]:
        objects = s3.list_objects_v2(Bucket=bucket).get("Contents", [])
        template_bucket = {
            "versioning": s3.get_bucket_versioning(Bucket=bucket).get("Status"),
            "objects": {o["Key"]: s3.head_object(Bucket=bucket, Key=o["Key"]).get("ServerSideEncryption")
                        for o in objects},
        }
    print(json.dumps({"stacks": stacks, "vpcs": vpcs, "databases": databases, "functions": functions,
                      "versions": versions, "changeSets": change_sets,
                      "apis": apis, "alarms": alarms, "templateBucket": template_bucket}))


if __name__ == "__main__":
    main()

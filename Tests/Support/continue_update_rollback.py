#!/usr/bin/env python3
"""Continues the rollback of an UPDATE_ROLLBACK_FAILED stack, skipping resources, as a human
does, and waits until it is no longer in progress.

    continue_update_rollback.py ENDPOINT REGION STACK [RESOURCE_TO_SKIP...]
"""
import sys
import time

import boto3

endpoint, region, stack, *skip = sys.argv[1:]
cloudformation = boto3.client("cloudformation", endpoint_url=endpoint, region_name=region,
                              aws_access_key_id="testing", aws_secret_access_key="testing")
cloudformation.continue_update_rollback(StackName=stack, ResourcesToSkip=skip)
deadline = time.monotonic() + 60
while cloudformation.describe_stacks(StackName=stack)["Stacks"][0]["StackStatus"].endswith("_IN_PROGRESS"):
    if time.monotonic() > deadline:
        sys.exit(f"{stack} is still in progress after 60 s")
    time.sleep(0.1)

#!/usr/bin/env python3
"""Publishes Lambda metrics for one version of a function invoked through an alias, as Lambda
would: AWS/Lambda with the dimensions FunctionName, Resource (function:alias) and ExecutedVersion.

    put_metric_data.py ENDPOINT REGION FUNCTION ALIAS VERSION METRIC=VALUE[,VALUE…] …

e.g. put_metric_data.py http://127.0.0.1:PORT us-east-1 shop-dev-orders live 2 Invocations=10 Errors=3
Each value is one data point, timestamped now.
"""
import sys

import boto3

endpoint, region, function, alias, version = sys.argv[1:6]
cloudwatch = boto3.client("cloudwatch", endpoint_url=endpoint, region_name=region,
                          aws_access_key_id="testing", aws_secret_access_key="testing")
dimensions = [{"Name": "FunctionName", "Value": function}, {"Name": "Resource", "Value": f"{function}:{alias}"},
              {"Name": "ExecutedVersion", "Value": version}]
data = []
for argument in sys.argv[6:]:
    metric, values = argument.split("=", 1)
    unit = "Milliseconds" if metric == "Duration" else "Count"
    data += [{"MetricName": metric, "Dimensions": dimensions, "Value": float(v), "Unit": unit}
             for v in values.split(",")]
# In batches: boto3 gzips a request body over 10 KB, which the emulator cannot read.
for first in range(0, len(data), 20):
    cloudwatch.put_metric_data(Namespace="AWS/Lambda", MetricData=data[first:first + 20])

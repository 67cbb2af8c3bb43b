#!/usr/bin/env python3
"""Changes an alarm's threshold behind Ballast's back, as someone would in the console, or
deletes the alarm when THRESHOLD is `delete`.

    edit_alarm.py ENDPOINT ALARM_NAME THRESHOLD|delete
"""
import sys

import boto3

endpoint, name, threshold = sys.argv[1], sys.argv[2], sys.argv[3]
cloudwatch = boto3.client("cloudwatch", endpoint_url=endpoint, region_name="us-east-1",
                          aws_access_key_id="testing", aws_secret_access_key="testing")
if threshold == "delete":
    cloudwatch.delete_alarms(AlarmNames=[name])
    sys.exit(0)
alarm = cloudwatch.describe_alarms(AlarmNames=[name])["MetricAlarms"][0]
keep = ["AlarmName", "AlarmDescription", "ActionsEnabled", "OKActions", "AlarmActions", "InsufficientDataActions",
        "MetricName", "Namespace", "Statistic", "Dimensions", "Period", "EvaluationPeriods", "ComparisonOperator",
        "TreatMissingData", "Metrics"]
arguments = {key: alarm[key] for key in keep if key in alarm and alarm[key] not in (None, [])}
arguments["Threshold"] = float(threshold)
cloudwatch.put_metric_alarm(**arguments)

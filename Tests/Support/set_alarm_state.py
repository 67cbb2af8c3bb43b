#!/usr/bin/env python3
"""Puts an alarm into a state, as CloudWatch would when its metric breaches.

    set_alarm_state.py ENDPOINT REGION ALARM_NAME STATE
"""
import sys

import boto3

endpoint, region, name, state = sys.argv[1:5]
cloudwatch = boto3.client("cloudwatch", endpoint_url=endpoint, region_name=region,
                          aws_access_key_id="testing", aws_secret_access_key="testing")
cloudwatch.set_alarm_state(AlarmName=name, StateValue=state, StateReason="set by a test")

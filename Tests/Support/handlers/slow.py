"""An image that answers every API request with 200 after 300 ms (pushed with --handler, run
by the emulator): slow, not failing."""
import json
import time


def handler(event, context):
    time.sleep(0.3)
    return {"statusCode": 200, "headers": {"Content-Type": "application/json"},
            "body": json.dumps({"version": context.function_version, "path": event.get("path")})}

"""An image that answers every API request with 200 (pushed with --handler, run by the emulator)."""
import json


def handler(event, context):
    return {"statusCode": 200, "headers": {"Content-Type": "application/json"},
            "body": json.dumps({"version": context.function_version, "path": event.get("path")})}

"""An image that answers after 3 seconds (a hook that misses its timeout) (pushed with --handler, run by the emulator)."""
import time


def handler(event, context):
    time.sleep(3)
    return {"statusCode": 200, "body": "late"}

"""An image whose first invocation answers 200 and every later one fails (pushed with
--handler, run by the emulator, which keeps the module per version): it passes the checks
before traffic and fails what comes after, a probe included."""
import json

_invocations = 0


def handler(event, context):
    global _invocations
    _invocations += 1
    if _invocations > 1:
        raise RuntimeError(f"invocation {_invocations} of this version fails")
    return {"statusCode": 200, "headers": {"Content-Type": "application/json"},
            "body": json.dumps({"version": context.function_version, "path": event.get("path")})}

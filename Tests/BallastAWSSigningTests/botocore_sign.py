"""Signs requests with botocore, for BallastAWSSigningTests' differential tests.

Usage: python3 botocore_sign.py REQUESTS.json ANSWERS.json

REQUESTS.json is {"timestamp": "20150830T123600Z", "requests": [...]}; each request has
service, region, accessKeyId, secretAccessKey, sessionToken (or null), method, url
(scheme://host/wire-path), params ([[name, value], ...], decoded), headers ([[name, value], ...]),
body (base64), unsigned (bool) and presignExpires (seconds, or null for an Authorization header).
ANSWERS.json gets {"botocore": version, "answers": [...]}, in the same order, each
{"authorization": ...} or {"url": ...}.
Exits 3 when botocore is missing.
"""

import base64
import datetime
import json
import sys
import types

try:
    import botocore
    import botocore.auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
except ImportError as error:
    sys.stderr.write(
        f"botocore is not installed ({error}); install it with: "
        "pip install -r .ci/requirements.txt\n"
    )
    sys.exit(3)


def main(path, answers_path):
    with open(path, encoding="utf-8") as file:
        document = json.load(file)
    now = datetime.datetime.strptime(document["timestamp"], "%Y%m%dT%H%M%SZ")
    # botocore reads the signing time from this function; freeze it.
    botocore.auth.get_current_datetime = lambda *args, **kwargs: now
    answers = [sign(request) for request in document["requests"]]
    with open(answers_path, "w", encoding="utf-8") as file:
        json.dump({"botocore": botocore.__version__, "answers": answers}, file)


def sign(spec):
    credentials = Credentials(
        spec["accessKeyId"], spec["secretAccessKey"], spec.get("sessionToken")
    )
    s3 = spec["service"] == "s3"
    request = AWSRequest(
        method=spec["method"],
        url=spec["url"],
        data=base64.b64decode(spec["body"]),
    )
    for name, value in spec["headers"]:
        request.headers[name] = value  # appends: repeated names stay repeated

    expires = spec.get("presignExpires")
    if expires is not None:
        # Presigning merges parameters into a dict, so names are unique here.
        request.params = dict(spec["params"])
        cls = botocore.auth.S3SigV4QueryAuth if s3 else botocore.auth.SigV4QueryAuth
        cls(credentials, spec["service"], spec["region"], expires=expires).add_auth(request)
        return {"url": request.url}

    request.params = [tuple(pair) for pair in spec["params"]]
    if spec["unsigned"]:
        if s3:
            request.context["client_config"] = types.SimpleNamespace(
                s3={"payload_signing_enabled": False}
            )
        else:
            request.context["payload_signing_enabled"] = False
    cls = botocore.auth.S3SigV4Auth if s3 else botocore.auth.SigV4Auth
    cls(credentials, spec["service"], spec["region"]).add_auth(request)
    return {"authorization": request.headers["Authorization"]}


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

"""A function whose image does not exist in ECR is refused as AWS refuses it.

With `MOTO_LAMBDA_STUB_ECR=false` (set by `controller/aws-emulator`), moto 5.2.1 looks a
function's image up in its ECR but answers a missing one with ECR's own errors:
`ImageNotFoundException` for a missing tag or digest, and a missing repository escapes as
ECR's `RepositoryNotFoundException`. AWS's CreateFunction and UpdateFunctionCode (and so a
stack's `AWS::Lambda::Function`) refuse it with `InvalidParameterValueException` (HTTP 400):
"Source image URI does not exist. Provide a valid source image." Here both say that.
"""
from typing import Any

from moto.awslambda.exceptions import InvalidParameterValueException, LambdaClientError
from moto.awslambda.models import LambdaFunction
from moto.ecr.exceptions import ImageNotFoundException, RepositoryNotFoundException

_set_function_code = LambdaFunction._set_function_code


def _set_function_code_refusing_missing_images(self: LambdaFunction, updated_spec: dict[str, Any]) -> None:
    try:
        _set_function_code(self, updated_spec)
    except (LambdaClientError, ImageNotFoundException, RepositoryNotFoundException) as error:
        missing = isinstance(error, (ImageNotFoundException, RepositoryNotFoundException)) \
            or getattr(error, "error_type", None) == "ImageNotFoundException"
        if "ImageUri" not in updated_spec or not missing:
            raise
        raise InvalidParameterValueException(
            f"Source image {updated_spec['ImageUri']} does not exist. Provide a valid source image.") from error


LambdaFunction._set_function_code = _set_function_code_refusing_missing_images  # type: ignore[method-assign]

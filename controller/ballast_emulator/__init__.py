"""Ballast's extension of moto: the CloudFormation types and API behaviour Ballast needs.

Importing this package patches moto in place (pinned: moto[server]==5.2.1, whose
backend call signatures the modules below rely on). Each module covers one gap
and says which moto behaviour it changes; README.md lists what is still different
from AWS.
"""
from moto.cloudformation import parsing

from . import (
    alarm, alarm_evaluation, api_stage, clock, ecr_image, execute_api, handlers, invocation_metrics, lambda_alias,
    lambda_invoke, lambda_function, lambda_image, lambda_states, lambda_versions, latency,
    metric_percentiles, pagination, rds_instance, secret, sns_subscription, stacks,
)
from . import stack_faults  # noqa: E402  (wraps what stacks.py wrapped)
from . import stack_progress  # noqa: E402  (wraps what stack_faults.py wrapped: refusals come first)
from . import template_references  # noqa: E402  (outermost: a template that names nothing is refused first)

# moto finds CloudFormation types through CloudFormationModel.__subclasses__() and
# caches the result; the classes defined above only count once the caches are cleared.
for cached in (parsing.get_model_list, parsing.get_model_map, parsing.get_name_type_map):
    cached.cache_clear()

__all__ = [
    "alarm", "alarm_evaluation", "api_stage", "clock", "ecr_image", "execute_api", "handlers", "invocation_metrics",
    "lambda_alias", "lambda_invoke", "lambda_function", "lambda_image", "lambda_states", "lambda_versions",
    "latency", "metric_percentiles", "pagination", "rds_instance", "secret", "sns_subscription", "stacks",
    "stack_faults", "stack_progress", "template_references",
]

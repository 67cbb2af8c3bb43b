#!/usr/bin/env python3
"""The example application of `desired/` (the "shop" app), written with the AWS CDK for Python.

It is the reference that `ballast-bench` measures `ballast synth` against (scenario
`synth-cdk-example`). The stage settings, functions and database below are the ones in
`desired/ballast.yaml`, `desired/functions/*.yaml` and `desired/databases/main.yaml`, written
out as a CDK user would write them; `desired/templates/assets.yaml` is included as it is.

    python app.py [OUTDIR]      # default: $CDK_OUTDIR, else ./cdk.out next to this file

Synthesis is offline: the one context value the app needs (each region's availability zones)
is checked in as `cdk.context.json`, as `cdk synth` would have cached it after a lookup.
"""

import json
import os
import sys
from pathlib import Path

import aws_cdk as cdk
from aws_cdk import (
    Duration,
    RemovalPolicy,
    aws_apigateway as apigateway,
    aws_cloudwatch as cloudwatch,
    aws_cloudwatch_actions as cloudwatch_actions,
    aws_ec2 as ec2,
    aws_ecr as ecr,
    aws_lambda as lambda_,
    aws_logs as logs,
    aws_rds as rds,
    aws_sns as sns,
    aws_sns_subscriptions as subscriptions,
    cloudformation_include as cfn_include,
)
from constructs import Construct

REPOSITORY = Path(__file__).resolve().parents[2]
ACCOUNT = "123456789012"
PROJECT = "shop"

# desired/ballast.yaml
STAGES = {
    "dev": {
        "region": "us-east-1",
        "azs": 2,
        "cidr": "10.10.0.0/16",
        "nat_gateways": 0,
        "database": {"instance_class": "t4g.micro", "storage_gib": 20, "multi_az": False, "deletion_protection": False},
        "email": "dev-alerts@example.com",
    },
    "prod": {
        "region": "eu-central-1",
        "azs": 3,
        "cidr": "10.20.0.0/16",
        "nat_gateways": 0,
        "database": {"instance_class": "t4g.medium", "storage_gib": 100, "multi_az": True, "deletion_protection": True},
        "email": "ops@example.com",
    },
}

# desired/databases/main.yaml
DATABASE = {"name": "main", "version": rds.PostgresEngineVersion.VER_15, "database_name": "shop",
            "force_ssl": True, "backup_retention_days": 7}

# desired/functions/*.yaml, with their stage overrides. The image's repository lives in the
# stage's account and region, so only the repository name and the tag are spelled out.
FUNCTIONS = {
    "orders": {
        "repository": "orders", "tag": "1.4.2", "memory_mib": 512, "timeout_s": 10,
        "environment": {"LOG_LEVEL": "info"},
        "api": {"path": "/orders", "methods": ["GET", "POST"]},
        "alarms": {"errors": 1, "duration_ms": 3000, "api5xx": 1, "api_latency_ms": 2000},
        "stages": {"dev": {"tag": "dev", "memory_mib": 256, "environment": {"LOG_LEVEL": "debug"}}},
    },
    "catalog": {
        "repository": "catalog", "tag": "2.0.1", "memory_mib": 256, "timeout_s": 5,
        "environment": {"LOG_LEVEL": "info", "CACHE_SECONDS": "60"},
        "api": {"path": "/catalog/{id}", "methods": ["GET"]},
        "alarms": {"errors": 5, "duration_ms": 1000, "api5xx": 1, "api_latency_ms": 1000},
        "stages": {"dev": {"tag": "dev"}},
    },
}
API_4XX_THRESHOLD = 100  # Ballast's default


def function_settings(name: str, stage: str) -> dict:
    """A function's settings with its stage override applied (environment merged)."""
    base = dict(FUNCTIONS[name])
    override = base.pop("stages").get(stage, {})
    merged = {**base, **override}
    merged["environment"] = {**base["environment"], **override.get("environment", {})}
    return merged


def title(name: str) -> str:
    return name[:1].upper() + name[1:]


class NetworkStack(cdk.Stack):
    def __init__(self, scope: Construct, id: str, *, stage: str, settings: dict, **kwargs) -> None:
        super().__init__(scope, id, description=f"{PROJECT}-{stage}: network", **kwargs)
        self.vpc = ec2.Vpc(
            self, "Vpc",
            ip_addresses=ec2.IpAddresses.cidr(settings["cidr"]),
            max_azs=settings["azs"],
            nat_gateways=settings["nat_gateways"],
            subnet_configuration=[
                # No NAT: both tiers are isolated; the handlers reach Secrets Manager through PrivateLink.
                ec2.SubnetConfiguration(name="private", subnet_type=ec2.SubnetType.PRIVATE_ISOLATED, cidr_mask=21),
                ec2.SubnetConfiguration(name="isolated", subnet_type=ec2.SubnetType.PRIVATE_ISOLATED, cidr_mask=21),
            ],
        )
        self.lambda_security_group = ec2.SecurityGroup(
            self, "LambdaSecurityGroup", vpc=self.vpc, allow_all_outbound=True,
            description=f"{PROJECT}-{stage} handlers: egress only")
        self.database_security_group = ec2.SecurityGroup(
            self, "DatabaseSecurityGroup", vpc=self.vpc, allow_all_outbound=False,
            description=f"{PROJECT}-{stage} databases: Postgres from the handlers only")
        self.database_security_group.add_ingress_rule(
            self.lambda_security_group, ec2.Port.tcp(5432), "Postgres from the handlers")
        endpoint_security_group = ec2.SecurityGroup(
            self, "EndpointSecurityGroup", vpc=self.vpc, allow_all_outbound=False,
            description=f"{PROJECT}-{stage} interface endpoints: HTTPS from the handlers only")
        endpoint_security_group.add_ingress_rule(
            self.lambda_security_group, ec2.Port.tcp(443), "HTTPS from the handlers")
        self.vpc.add_interface_endpoint(
            "SecretsManagerEndpoint",
            service=ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
            private_dns_enabled=True,
            subnets=ec2.SubnetSelection(subnet_group_name="private"),
            security_groups=[endpoint_security_group],
            open=False,
        )


class DatabaseStack(cdk.Stack):
    def __init__(self, scope: Construct, id: str, *, stage: str, settings: dict, network: NetworkStack,
                 **kwargs) -> None:
        super().__init__(scope, id, description=f"{PROJECT}-{stage}: databases", **kwargs)
        db = settings["database"]
        name = DATABASE["name"]
        engine = rds.DatabaseInstanceEngine.postgres(version=DATABASE["version"])
        parameters = rds.ParameterGroup(
            self, f"{title(name)}ParameterGroup", engine=engine,
            description=f"{PROJECT}-{stage} {name} parameters",
            parameters={"rds.force_ssl": "1" if DATABASE["force_ssl"] else "0"})
        self.instance = rds.DatabaseInstance(
            self, f"{title(name)}Instance",
            engine=engine,
            instance_identifier=f"{PROJECT}-{stage}-{name}",
            instance_type=ec2.InstanceType(db["instance_class"]),
            vpc=network.vpc,
            vpc_subnets=ec2.SubnetSelection(subnet_group_name="isolated"),
            security_groups=[network.database_security_group],
            credentials=rds.Credentials.from_generated_secret("ballast"),
            database_name=DATABASE["database_name"],
            parameter_group=parameters,
            allocated_storage=db["storage_gib"],
            storage_type=rds.StorageType.GP3,
            storage_encrypted=True,
            multi_az=db["multi_az"],
            deletion_protection=db["deletion_protection"],
            backup_retention=Duration.days(DATABASE["backup_retention_days"]),
            copy_tags_to_snapshot=True,
            auto_minor_version_upgrade=True,
            publicly_accessible=False,
            port=5432,
            removal_policy=RemovalPolicy.SNAPSHOT,
        )
        self.secret = self.instance.secret
        self.secret.apply_removal_policy(RemovalPolicy.RETAIN)
        self.storage_gib = db["storage_gib"]


class ComputeStack(cdk.Stack):
    def __init__(self, scope: Construct, id: str, *, stage: str, network: NetworkStack, database: DatabaseStack,
                 **kwargs) -> None:
        super().__init__(scope, id, description=f"{PROJECT}-{stage}: handlers", **kwargs)
        self.functions: dict[str, lambda_.DockerImageFunction] = {}
        self.aliases: dict[str, lambda_.Alias] = {}
        for name in FUNCTIONS:
            settings = function_settings(name, stage)
            function_name = f"{PROJECT}-{stage}-{name}"
            repository = ecr.Repository.from_repository_name(self, f"{title(name)}Repository", settings["repository"])
            log_group = logs.LogGroup(
                self, f"{title(name)}LogGroup", log_group_name=f"/aws/lambda/{function_name}",
                retention=logs.RetentionDays.ONE_MONTH, removal_policy=RemovalPolicy.DESTROY)
            function = lambda_.DockerImageFunction(
                self, f"{title(name)}Function",
                function_name=function_name,
                code=lambda_.DockerImageCode.from_ecr(repository, tag_or_digest=settings["tag"]),
                memory_size=settings["memory_mib"],
                timeout=Duration.seconds(settings["timeout_s"]),
                environment={
                    **settings["environment"],
                    "DB_HOST": database.instance.db_instance_endpoint_address,
                    "DB_PORT": database.instance.db_instance_endpoint_port,
                    "DB_NAME": DATABASE["database_name"],
                    "DB_SECRET_ARN": database.secret.secret_arn,
                },
                vpc=network.vpc,
                vpc_subnets=ec2.SubnetSelection(subnet_group_name="private"),
                security_groups=[network.lambda_security_group],
                log_group=log_group,
                description=f"{function_name}",
            )
            database.secret.grant_read(function)
            self.functions[name] = function
            self.aliases[name] = lambda_.Alias(
                self, f"{title(name)}Live", alias_name="live", version=function.current_version)


class ApiStack(cdk.Stack):
    def __init__(self, scope: Construct, id: str, *, stage: str, compute: ComputeStack, **kwargs) -> None:
        super().__init__(scope, id, description=f"{PROJECT}-{stage}: REST API", **kwargs)
        self.api_name = f"{PROJECT}-{stage}"
        self.stage_name = stage
        self.api = apigateway.RestApi(
            self, "RestApi",
            rest_api_name=self.api_name,
            description=f"{PROJECT}-{stage} REST API",
            endpoint_types=[apigateway.EndpointType.EDGE],
            cloud_watch_role=False,
            deploy_options=apigateway.StageOptions(stage_name=stage, metrics_enabled=True),
        )
        for name in FUNCTIONS:
            settings = function_settings(name, stage)
            resource = self.api.root.resource_for_path(settings["api"]["path"])
            integration = apigateway.LambdaIntegration(compute.aliases[name], proxy=True, allow_test_invoke=False)
            for method in settings["api"]["methods"]:
                resource.add_method(method, integration)


class MonitoringStack(cdk.Stack):
    def __init__(self, scope: Construct, id: str, *, stage: str, settings: dict, database: DatabaseStack,
                 compute: ComputeStack, api: ApiStack, **kwargs) -> None:
        super().__init__(scope, id, description=f"{PROJECT}-{stage}: alarms", **kwargs)
        topic = sns.Topic(self, "AlarmTopic", topic_name=f"{PROJECT}-{stage}-alarms")
        topic.add_subscription(subscriptions.EmailSubscription(settings["email"]))
        action = cloudwatch_actions.SnsAction(topic)
        minute = Duration.minutes(1)

        def alarm(id: str, subject: str, metric_suffix: str, description: str, metric: cloudwatch.IMetric,
                  threshold: float, *, evaluation_periods: int = 1,
                  comparison=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD) -> None:
            created = cloudwatch.Alarm(
                self, id,
                alarm_name=f"{PROJECT}-{stage}-{subject}-{metric_suffix}",
                alarm_description=f"{PROJECT}-{stage} {subject}: {description}",
                metric=metric, threshold=threshold, evaluation_periods=evaluation_periods,
                comparison_operator=comparison,
                treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING)
            created.add_alarm_action(action)
            created.add_ok_action(action)

        for name, function in compute.functions.items():
            settings_f = function_settings(name, stage)
            thresholds = settings_f["alarms"]
            path = settings_f["api"]["path"]
            prefix = title(name)
            alarm(f"{prefix}ErrorsAlarm", name, "errors", "invocation errors",
                  function.metric_errors(period=minute, statistic="Sum"), thresholds["errors"])
            alarm(f"{prefix}DurationAlarm", name, "duration", "average duration in milliseconds",
                  function.metric_duration(period=minute, statistic="Average"), thresholds["duration_ms"])

            def route_metric(metric_name: str, statistic: str, combine: str) -> cloudwatch.IMetric:
                per_method = {
                    f"m{index + 1}": cloudwatch.Metric(
                        namespace="AWS/ApiGateway", metric_name=metric_name, statistic=statistic, period=minute,
                        dimensions_map={"ApiName": api.api_name, "Stage": api.stage_name,
                                        "Resource": path, "Method": method})
                    for index, method in enumerate(settings_f["api"]["methods"])
                }
                expression = " + ".join(per_method) if combine == "sum" else f"MAX([{', '.join(per_method)}])"
                return cloudwatch.MathExpression(
                    expression=expression if len(per_method) > 1 else "m1", using_metrics=per_method,
                    label=metric_name, period=minute)

            alarm(f"{prefix}Api4xxAlarm", name, "api-4xx", f"API client errors on {path}",
                  route_metric("4XXError", "Sum", "sum"), API_4XX_THRESHOLD)
            alarm(f"{prefix}Api5xxAlarm", name, "api-5xx", f"API server errors on {path}",
                  route_metric("5XXError", "Sum", "sum"), thresholds["api5xx"])
            alarm(f"{prefix}ApiLatencyAlarm", name, "api-latency", f"API latency in milliseconds on {path}",
                  route_metric("Latency", "Average", "max"), thresholds["api_latency_ms"])

        db_name = DATABASE["name"]
        instance = database.instance
        alarm(f"{title(db_name)}CpuAlarm", db_name, "cpu", "CPU percent",
              instance.metric_cpu_utilization(period=minute, statistic="Average"), 80, evaluation_periods=5)
        alarm(f"{title(db_name)}FreeStorageAlarm", db_name, "free-storage",
              f"free storage below 10% of {database.storage_gib} GiB",
              instance.metric_free_storage_space(period=minute, statistic="Minimum"),
              database.storage_gib * 1024 ** 3 // 10, evaluation_periods=5,
              comparison=cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD)


class TemplateStack(cdk.Stack):
    """desired/templates/assets.yaml, deployed as it is with the stage's parameters filled in."""

    def __init__(self, scope: Construct, id: str, *, stage: str, template: Path, **kwargs) -> None:
        super().__init__(scope, id, **kwargs)
        cfn_include.CfnInclude(self, "Template", template_file=str(template),
                               parameters={"Project": PROJECT, "Stage": stage})


class ShopStage(cdk.Stage):
    """One environment: its stacks in Ballast's deployment order."""

    def __init__(self, scope: Construct, stage: str, settings: dict) -> None:
        env = cdk.Environment(account=ACCOUNT, region=settings["region"])
        super().__init__(scope, stage, env=env)
        common = {"env": env, "termination_protection": stage == "prod"}
        prefix = f"{PROJECT}-{stage}"
        network = NetworkStack(self, "network", stack_name=f"{prefix}-network", stage=stage, settings=settings,
                               **common)
        database = DatabaseStack(self, "database", stack_name=f"{prefix}-database", stage=stage,
                                 settings=settings, network=network, **common)
        compute = ComputeStack(self, "compute", stack_name=f"{prefix}-compute", stage=stage, network=network,
                               database=database, **common)
        api = ApiStack(self, "api", stack_name=f"{prefix}-api", stage=stage, compute=compute, **common)
        MonitoringStack(self, "monitoring", stack_name=f"{prefix}-monitoring", stage=stage, settings=settings,
                        database=database, compute=compute, api=api, **common)
        for template in sorted((REPOSITORY / "desired" / "templates").glob("*.yaml")):
            TemplateStack(self, template.stem, stack_name=f"{prefix}-{template.stem}", stage=stage,
                          template=template, **common)
        for key, value in {"managed-by": "cdk", "project": PROJECT, "stage": stage}.items():
            cdk.Tags.of(self).add(key, value)


def main() -> None:
    outdir = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("CDK_OUTDIR",
                                                                  str(Path(__file__).resolve().parent / "cdk.out"))
    context = json.loads((Path(__file__).resolve().parent / "cdk.context.json").read_text())
    app = cdk.App(outdir=outdir, context=context)
    for stage, settings in STAGES.items():
        ShopStage(app, stage, settings)
    app.synth()


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Checks what `helm template` made from charts/ballast: what helm itself does not.

helm renders the chart and lints it, but knows neither Kubernetes' schemas nor
what the chart promises. Every object is validated with kubernetes-validate
(strict: unknown fields are errors) against the schemas of each Kubernetes
version given, except ServiceMonitor,
whose CRD kubernetes-validate does not know; the ServiceMonitor is checked by
hand against the Service instead. Then the properties the chart promises are
asserted: one replica with the Recreate strategy (or, with --replicas N above 1,
a StatefulSet of N run with --shards N and its headless Service), a locked-down pod, probes on
/healthz and /readyz, writable emptyDirs where the controller writes, a
controller config with only the keys ControllerConfigReading.swift allows (at
every level), git.remote set, git.cache on the cache emptyDir, http.listen on
the container port, every file named in the config (also in each application) mounted at
that path, no two volumes of one name and no two mounts at one path, the IRSA
annotation exactly when a role is set (and no ServiceAccount when told to use an
existing one), names and labels the API server accepts, the ServiceMonitor exactly when enabled
and then watching the release's namespace only.

Usage: check-chart-manifests.py MANIFESTS --namespace NS --kubernetes-version 1.25.0
                                [--kubernetes-version 1.34.0 ...]
                                [--role-arn ARN] [--service-monitor]
                                [--existing-service-account NAME] [--replicas N]
                                [--applications JSON] [--secret-files JSON]
Exits 1 and prints every failed expectation when any fails.
"""

import argparse
import json
import re
import sys

import kubernetes_validate
import yaml

NOT_IN_SCHEMAS = {"ServiceMonitor"}  # a CRD (monitoring.coreos.com/v1), not a built-in kind


class Checker:
    def __init__(self):
        self.failures = []

    def expect(self, condition, message):
        if not condition:
            self.failures.append(message)
        return condition


def one(objects, kind, check):
    found = [o for o in objects if o.get("kind") == kind]
    if check.expect(len(found) == 1, f"expected one {kind}, found {len(found)}"):
        return found[0]
    return None


def validate_schemas(objects, versions, check):
    """Validates every object against each version's schemas; returns how many passed all."""
    validated, skipped = 0, []
    for obj in objects:
        name = f"{obj.get('kind')}/{obj.get('metadata', {}).get('name')}"
        if obj.get("kind") in NOT_IN_SCHEMAS:
            skipped.append(name)
            continue
        valid = True
        for version in versions:
            try:
                kubernetes_validate.validate(obj, version, strict=True)
            except kubernetes_validate.ValidationError as error:
                path = ".".join(str(p) for p in error.path)
                check.failures.append(f"{name}: Kubernetes {version}: {path}: {error.message}")
                valid = False
            except kubernetes_validate.SchemaNotFoundError as error:
                # Its str() is empty; the message (in quotes) is an attribute.
                message = str(getattr(error, "message", "")).strip('"') or repr(error)
                check.failures.append(f"{name}: Kubernetes {version}: {message}")
                valid = False
        validated += valid
    return validated, skipped


# What the API server checks of names and labels and the OpenAPI schemas do not
# (apimachinery's validation: DNS-1123 names, label keys and values of at most 63 characters).
DNS1123_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
DNS1123_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
DNS1035_LABEL = re.compile(r"^[a-z]([-a-z0-9]*[a-z0-9])?$")
QUALIFIED_NAME = re.compile(r"^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")
LABEL_VALUE = re.compile(r"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")
PORT_NAME = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")  # IANA_SVC_NAME, with at least one letter


def check_key(key, where, check):
    """A label or annotation key: [DNS-1123 subdomain prefix /] name of at most 63 characters."""
    prefix, _, name = key.rpartition("/")
    if prefix:
        check.expect(len(prefix) <= 253 and DNS1123_SUBDOMAIN.match(prefix), f"{where}: key {key!r} has an invalid prefix")
    check.expect(len(name) <= 63 and QUALIFIED_NAME.match(name), f"{where}: key {key!r} is not a qualified name")


def check_labels(labels, where, check):
    for key, value in (labels or {}).items():
        check_key(key, f"{where} label", check)
        check.expect(isinstance(value, str) and len(value) <= 63 and LABEL_VALUE.match(value),
                     f"{where} label {key}: value {value!r} is not a valid label value (at most 63 characters, "
                     f"alphanumeric at both ends, '-', '_' or '.' between)")


def check_names(objects, check):
    """Object names, labels, selectors, annotation keys, and the pod's volume, container and port names."""
    for obj in objects:
        metadata = obj.get("metadata", {})
        name = metadata.get("name", "")
        where = f"{obj.get('kind')}/{name}"
        # Every name the chart makes is cut to 63 (a Service's must be a DNS-1035 label).
        pattern = DNS1035_LABEL if obj.get("kind") == "Service" else DNS1123_SUBDOMAIN
        check.expect(len(name) <= 63 and pattern.match(name), f"{where}: the name is not a valid {obj.get('kind')} name")
        check_labels(metadata.get("labels"), where, check)
        for key in (metadata.get("annotations") or {}):
            check_key(key, f"{where} annotation", check)
        spec = obj.get("spec") or {}
        selector = spec.get("selector") or {}
        check_labels(selector.get("matchLabels", selector if obj.get("kind") == "Service" else {}), f"{where} selector", check)
        template = spec.get("template")
        if template:
            check_labels(template.get("metadata", {}).get("labels"), f"{where} pod", check)
            for key in (template.get("metadata", {}).get("annotations") or {}):
                check_key(key, f"{where} pod annotation", check)
            pod = template.get("spec", {})
            for volume in pod.get("volumes", []):
                check.expect(len(volume["name"]) <= 63 and DNS1123_LABEL.match(volume["name"]),
                             f"{where}: volume name {volume['name']!r} is not a DNS-1123 label")
            for container in pod.get("containers", []):
                check.expect(len(container["name"]) <= 63 and DNS1123_LABEL.match(container["name"]),
                             f"{where}: container name {container['name']!r} is not a DNS-1123 label")
                for port in container.get("ports", []):
                    port_name = port.get("name", "")
                    check.expect(len(port_name) <= 15 and PORT_NAME.match(port_name) and re.search("[a-z]", port_name),
                                 f"{where}: port name {port_name!r} is not an IANA service name")


# The keys ControllerConfigReading.swift allows at each level of the controller's
# config (it rejects any other), and which of them are required there. Keep in step
# with the reader: a key the chart writes that the reader does not know stops the pod.
CONFIG_KEYS = {
    None: {"git", "loop", "http", "github", "notifications", "aws", "applications"},
    "git": {"remote", "branch", "cache", "tokenFile", "user", "passwordFile", "sshKeyFile", "knownHostsFile",
            "allowedSignersFile", "notes"},
    "loop": {"interval", "jitter", "driftCheck", "rolloutTick", "maximumBackoff", "concurrentPasses"},
    "http": {"listen", "webhookSecretFile"},
    "github": {"apiURL", "repository", "tokenFile", "pullRequests"},
    "aws": {"requestsPerSecond"},
}
CONFIG_REQUIRED = {None: {"git"}, "git": {"remote"}, "github": {"repository", "tokenFile"}}
# github.pullRequests (PullRequestPreviewSettings.keys): its keys and their types.
PULL_REQUEST_KEYS = {"enabled": bool, "forks": bool, "interval": str, "budget": str}
# The services aws.requestsPerSecond names (ControllerConfig.AWS.serviceKeys).
AWS_SERVICE_KEYS = {"cloudFormation", "lambda", "cloudWatch", "ecr", "s3", "sts"}
# An applications entry (ApplicationsReading.swift): the keys the chart may write, and those required.
APPLICATION_KEYS = {"name", "remote", "branch", "path", "interval", "tokenFile", "sshKeyFile", "knownHostsFile",
                    "githubRepository"}
APPLICATION_NAME = re.compile(r"^[a-z](-?[a-z0-9])*$")
# A notifications entry (NotificationsReading.swift): its keys, and exactly one of url and urlFile.
NOTIFICATION_KEYS = {"type", "url", "urlFile", "secretFile", "events", "timeout"}
NOTIFICATION_EVENTS = {"rolloutStarted", "rolloutStep", "rolloutCompleted", "rolledBack", "stageFailed",
                       "approvalNeeded"}


def check_config(config, ports, files, check):
    """The rendered config.yaml against the controller's schema and the pod."""
    if not check.expect(isinstance(config, dict), f"config.yaml is not a mapping: {config!r}"):
        return
    for section, allowed in CONFIG_KEYS.items():
        if section in ("notifications", "applications"):
            continue  # a list, checked below
        where = "config.yaml" if section is None else f"config.yaml '{section}'"
        mapping = config if section is None else config.get(section)
        if mapping is None:
            continue
        if not check.expect(isinstance(mapping, dict), f"{where} is not a mapping: {mapping!r}"):
            continue
        unknown = sorted(set(mapping) - allowed)
        check.expect(not unknown, f"{where} has keys the controller rejects: {', '.join(unknown)} "
                                  f"(allowed: {', '.join(sorted(allowed))})")
        required = CONFIG_REQUIRED.get(section, set())
        if section == "git" and "applications" in config:
            required = set()  # each application has its remote; git: holds their defaults
        missing = sorted(required - set(mapping))
        check.expect(not missing, f"{where} lacks required keys: {', '.join(missing)}")
        for key, value in mapping.items():
            if key in CONFIG_KEYS or key in CONFIG_KEYS[None]:
                continue  # a section, checked on its own
            if key == "pullRequests":
                check_pull_requests(value, check)
                continue
            if key == "requestsPerSecond":
                rates_ok = isinstance(value, dict) and all(
                    service in AWS_SERVICE_KEYS and isinstance(rate, int) and 1 <= rate <= 1000
                    for service, rate in value.items())
                check.expect(rates_ok, f"{where} {key} is {value!r}, not rates from 1 to 1000 of "
                                       f"{', '.join(sorted(AWS_SERVICE_KEYS))}")
                continue
            if key == "concurrentPasses":
                check.expect(isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 1000,
                             f"{where} {key} is {value!r}, not an integer from 1 to 1000")
                continue
            expected = bool if key == "notes" else str
            check.expect(isinstance(value, expected),
                         f"{where} {key} is {value!r}, not a {expected.__name__}")

    def section(name):
        value = config.get(name)
        return value if isinstance(value, dict) else {}

    git, http, github = section("git"), section("http"), section("github")
    applications = config.get("applications")
    if applications is None:
        check.expect(isinstance(git.get("remote"), str) and bool(git["remote"].strip()), "config git.remote is empty")
    else:
        check.expect("remote" not in git, "config git.remote beside applications (the controller refuses both)")
        if check.expect(isinstance(applications, list) and applications, f"config applications {applications!r} is not a list"):
            names = [a.get("name") for a in applications if isinstance(a, dict)]
            check.expect(len(names) == len(set(names)), f"config applications lists a name twice: {names!r}")
            for index, application in enumerate(applications):
                where = f"config applications[{index}]"
                if not check.expect(isinstance(application, dict), f"{where} is not a mapping"):
                    continue
                unknown = sorted(set(application) - APPLICATION_KEYS)
                check.expect(not unknown, f"{where} has keys the controller rejects: {', '.join(unknown)}")
                name, remote = application.get("name"), application.get("remote")
                check.expect(isinstance(name, str) and len(name) <= 40 and APPLICATION_NAME.match(name),
                             f"{where} name {name!r} is not a valid application name")
                check.expect(isinstance(remote, str) and bool(remote.strip()), f"{where} has no remote")
                for key, path in application.items():
                    if key.endswith("File"):
                        check.expect(path in files, f"{where}.{key} names {path!r}, which is not mounted in the pod")
                if "githubRepository" in application:
                    repository = application["githubRepository"]
                    check.expect(isinstance(repository, str) and len(repository.split("/")) == 2
                                 and all(repository.split("/")),
                                 f"{where} githubRepository {repository!r} is not owner/name")
                    check.expect(bool(github), f"{where} has a githubRepository, but the config has no github "
                                               f"section (the controller refuses it)")
    check.expect(git.get("cache") == "/var/cache/ballast", f"config git.cache is {git.get('cache')!r}")
    listen = http.get("listen")
    listen_port = None
    if check.expect(isinstance(listen, str) and ":" in listen, f"config http.listen {listen!r} is not host:port"):
        port = listen.rsplit(":", 1)[1]
        listen_port = int(port) if port.isdigit() else None
    check.expect(listen_port is not None and listen_port in ports.values(),
                 f"config http.listen {listen!r} is not the container's port")
    if github:
        repository = github.get("repository")
        check.expect(isinstance(repository, str) and len(repository.split("/")) == 2 and all(repository.split("/")),
                     f"config github.repository {repository!r} is not owner/name")
        check.expect(isinstance(github.get("apiURL"), str) and github["apiURL"].startswith(("https://", "http://")),
                     f"config github.apiURL {github.get('apiURL')!r} is not a URL")
    if "passwordFile" in git:
        check.expect("user" in git, "config git.passwordFile without git.user")
    # Every file the controller reads: the keys named *File (git.tokenFile, git.sshKeyFile,
    # git.allowedSignersFile, http.webhookSecretFile, github.tokenFile, ...).
    for name in CONFIG_KEYS:
        for key, path in (section(name).items() if name is not None else ()):
            if key.endswith("File"):
                check.expect(path in files, f"config {name}.{key} names {path!r}, which is not mounted in the pod")
    check_notifications(config.get("notifications"), files, check)


def check_pull_requests(previews, check):
    """github.pullRequests: keys the controller allows, each of its type, durations as it reads them."""
    if not check.expect(isinstance(previews, dict), f"config github.pullRequests is not a mapping: {previews!r}"):
        return
    for key, value in previews.items():
        expected = PULL_REQUEST_KEYS.get(key)
        if not check.expect(expected is not None, f"config github.pullRequests has the key {key!r}, which the "
                                                  f"controller rejects (allowed: {', '.join(sorted(PULL_REQUEST_KEYS))})"):
            continue
        check.expect(isinstance(value, expected), f"config github.pullRequests.{key} is {value!r}, "
                                                  f"not a {expected.__name__}")
        if expected is str:
            check.expect(re.fullmatch(r"[0-9]{1,9}(ms|s|m|h)", value or "") is not None,
                         f"config github.pullRequests.{key} {value!r} is not a duration")


def check_notifications(targets, files, check):
    """The rendered notifications list: keys the controller allows, one URL each, mounted files."""
    if targets is None:
        return
    if not check.expect(isinstance(targets, list), f"config notifications is not a list: {targets!r}"):
        return
    for number, target in enumerate(targets, start=1):
        where = f"config notifications[{number}]"
        if not check.expect(isinstance(target, dict), f"{where} is not a mapping: {target!r}"):
            continue
        unknown = sorted(set(target) - NOTIFICATION_KEYS)
        check.expect(not unknown, f"{where} has keys the controller rejects: {', '.join(unknown)}")
        check.expect(target.get("type") in ("webhook", "slack"), f"{where} type is {target.get('type')!r}")
        check.expect(("url" in target) != ("urlFile" in target), f"{where} needs exactly one of url and urlFile")
        if "url" in target:
            check.expect(str(target["url"]).startswith(("https://", "http://")), f"{where} url is not a URL")
        check.expect(not (target.get("type") == "slack" and "secretFile" in target),
                     f"{where}: a Slack target with a secretFile")
        events = target.get("events", [])
        check.expect(isinstance(events, list) and set(events) <= NOTIFICATION_EVENTS,
                     f"{where} events {events!r} are not all known events")
        for key in ("urlFile", "secretFile"):
            if key in target:
                check.expect(target[key] in files, f"{where}.{key} names {target[key]!r}, which is not mounted in the pod")


def headless(service):
    return service["spec"].get("clusterIP") == "None"


def check_statefulset(objects, statefulset, replicas, check):
    spec = statefulset["spec"]
    check.expect(spec.get("replicas") == replicas, f"StatefulSet replicas is {spec.get('replicas')!r}, not {replicas}")
    check.expect(spec.get("updateStrategy", {}).get("type") == "RollingUpdate",
                 f"StatefulSet updateStrategy is {spec.get('updateStrategy')!r}, not RollingUpdate")
    governing = [o for o in objects if o.get("kind") == "Service" and headless(o)]
    if check.expect(len(governing) == 1, f"expected one headless Service, found {len(governing)}"):
        service = governing[0]
        check.expect(spec.get("serviceName") == service["metadata"]["name"],
                     f"the StatefulSet's serviceName {spec.get('serviceName')!r} is not the headless Service")
        pod_labels = spec["template"]["metadata"].get("labels", {})
        check.expect(service["spec"]["selector"].items() <= pod_labels.items(),
                     "the headless Service's selector does not match the pod")
    args = spec["template"]["spec"]["containers"][0].get("args", [])
    shards = [args[i + 1] for i, a in enumerate(args[:-1]) if a == "--shards"]
    check.expect(shards == [str(replicas)], f"the controller is not run with --shards {replicas}: {args!r}")
    check.expect("--shard" not in args, "a fixed --shard: every pod must take its shard from its ordinal")


def check_deployment(objects, deployment, role_arn, existing_service_account, pull_requests, applications,
                     secret_files, check):
    spec = deployment["spec"]
    kind = deployment["kind"]
    if kind == "Deployment":
        check.expect(spec.get("replicas") == 1, f"Deployment replicas is {spec.get('replicas')!r}, not 1")
        check.expect(spec.get("strategy", {}).get("type") == "Recreate",
                     f"Deployment strategy is {spec.get('strategy')!r}, not Recreate")
    pod = spec["template"]["spec"]
    pod_labels = spec["template"]["metadata"].get("labels", {})
    selector = spec["selector"]["matchLabels"]
    check.expect(selector.items() <= pod_labels.items(), f"the {kind}'s selector does not match its pod's labels")

    pod_sc = pod.get("securityContext", {})
    check.expect(pod_sc.get("runAsNonRoot") is True, "pod securityContext.runAsNonRoot is not true")
    check.expect(isinstance(pod_sc.get("runAsUser"), int) and pod_sc["runAsUser"] > 0, "pod runAsUser is not a non-root uid")
    check.expect(isinstance(pod_sc.get("fsGroup"), int), "pod securityContext.fsGroup is not set")
    check.expect(pod_sc.get("seccompProfile", {}).get("type") == "RuntimeDefault", "pod seccompProfile is not RuntimeDefault")
    check.expect(pod.get("automountServiceAccountToken") is False, "the pod mounts a Kubernetes API token it does not use")

    containers = pod.get("containers", [])
    if not check.expect(len(containers) == 1, f"expected one container, found {len(containers)}"):
        return
    container = containers[0]
    sc = container.get("securityContext", {})
    check.expect(sc.get("readOnlyRootFilesystem") is True, "readOnlyRootFilesystem is not true")
    check.expect(sc.get("allowPrivilegeEscalation") is False, "allowPrivilegeEscalation is not false")
    check.expect(sc.get("capabilities", {}).get("drop") == ["ALL"], f"capabilities.drop is {sc.get('capabilities')!r}, not [ALL]")
    check.expect(sc.get("runAsNonRoot") is True, "container runAsNonRoot is not true")

    ports = {p.get("name"): p["containerPort"] for p in container.get("ports", [])}
    for probe, path in (("livenessProbe", "/healthz"), ("readinessProbe", "/readyz")):
        get = container.get(probe, {}).get("httpGet", {})
        check.expect(get.get("path") == path, f"{probe} is not GET {path}: {container.get(probe)!r}")
        check.expect(get.get("port") in ports, f"{probe} port {get.get('port')!r} is not a container port")

    resources = container.get("resources", {})
    check.expect("memory" in resources.get("requests", {}), "no memory request")
    check.expect("memory" in resources.get("limits", {}), "no memory limit")

    check.expect(container.get("args", [])[:3] == ["run", "--config", "/etc/ballast/config.yaml"],
                 f"the container does not run the controller with its config: {container.get('args')!r}")

    volume_names = [v["name"] for v in pod.get("volumes", [])]
    twice = sorted({n for n in volume_names if volume_names.count(n) > 1})
    check.expect(not twice, f"volumes named twice (the API server refuses the pod): {', '.join(twice)}")
    volumes = {v["name"]: v for v in pod.get("volumes", [])}
    mounts = container.get("volumeMounts", [])
    mount_paths = [m["mountPath"] for m in mounts]
    twice = sorted({p for p in mount_paths if mount_paths.count(p) > 1})
    check.expect(not twice, f"two volumes mounted at one path (the API server refuses the pod): {', '.join(twice)}")
    for mount in mounts:
        check.expect(mount["name"] in volumes, f"volumeMount {mount['name']} has no volume")
    by_path = {m["mountPath"]: m for m in mounts}
    for path in ("/var/cache/ballast", "/tmp"):
        mount = by_path.get(path)
        if check.expect(mount is not None, f"nothing is mounted at {path} (the root filesystem is read-only)"):
            check.expect("emptyDir" in volumes.get(mount["name"], {}), f"{path} is not an emptyDir")
            check.expect(not mount.get("readOnly", False), f"{path} is mounted read-only")

    # Every file the pod can read, from the ConfigMap (subPath mounts) and the Secrets.
    files = set()
    from_secrets = {}  # file path -> [Secret name, key]
    for mount in mounts:
        volume = volumes.get(mount["name"], {})
        if "subPath" in mount:
            files.add(mount["mountPath"])
        elif "secret" in volume:
            for item in volume["secret"].get("items", []):
                files.add(f"{mount['mountPath']}/{item['path']}")
                from_secrets[f"{mount['mountPath']}/{item['path']}"] = [volume["secret"].get("secretName"), item["key"]]
            check.expect(mount.get("readOnly") is True, f"Secret volume {mount['name']} is not mounted read-only")
    for path, wanted in (secret_files or {}).items():
        found = from_secrets.get(path)
        check.expect(found == wanted, f"{path} is {'[Secret, key] %r' % found if found else 'not mounted from a Secret'}, "
                                      f"expected {wanted!r}")

    env = {e["name"]: e for e in container.get("env", [])}
    check.expect("AWS_ACCESS_KEY_ID" not in env and "AWS_SECRET_ACCESS_KEY" not in env,
                 "static AWS keys in the pod's environment")

    configmap = one(objects, "ConfigMap", check)
    if configmap is None:
        return
    check.expect(any(v.get("configMap", {}).get("name") == configmap["metadata"]["name"] for v in volumes.values()),
                 "the ConfigMap is not mounted")
    for mount in mounts:
        volume = volumes.get(mount["name"], {})
        if volume.get("configMap", {}).get("name") == configmap["metadata"]["name"] and "subPath" in mount:
            check.expect(mount["subPath"] in configmap["data"],
                         f"{mount['mountPath']} mounts key {mount['subPath']!r}, which the ConfigMap does not have")
    check.expect(by_path.get("/etc/ballast/config.yaml", {}).get("subPath") == "config.yaml",
                 "config.yaml is not mounted at /etc/ballast/config.yaml")
    config = yaml.safe_load(configmap["data"]["config.yaml"])
    check_config(config, ports, files, check)
    if pull_requests is not None:
        rendered = (config.get("github") or {}).get("pullRequests") if isinstance(config, dict) else None
        check.expect(rendered == pull_requests,
                     f"config github.pullRequests is {rendered!r}, expected {pull_requests!r}")
    if applications is not None:
        rendered = config.get("applications") if isinstance(config, dict) else None
        check.expect(rendered == applications, f"config applications is {rendered!r}, expected {applications!r}")

    service_account_name = pod.get("serviceAccountName")
    service_accounts = [o for o in objects if o.get("kind") == "ServiceAccount"]
    if existing_service_account:
        check.expect(not service_accounts, f"a ServiceAccount is rendered though serviceAccount.create is false")
        check.expect(service_account_name == existing_service_account,
                     f"the pod runs as {service_account_name!r}, not the existing {existing_service_account!r}")
    elif check.expect(len(service_accounts) == 1, f"expected one ServiceAccount, found {len(service_accounts)}"):
        account = service_accounts[0]
        check.expect(account["metadata"]["name"] == service_account_name,
                     f"the pod runs as {service_account_name!r}, the chart creates {account['metadata']['name']!r}")
        annotation = (account["metadata"].get("annotations") or {}).get("eks.amazonaws.com/role-arn")
        if role_arn:
            check.expect(annotation == role_arn, f"IRSA annotation is {annotation!r}, expected {role_arn!r}")
        else:
            check.expect(annotation is None, f"IRSA annotation {annotation!r} present though no role is set")

    services = [o for o in objects if o.get("kind") == "Service" and not headless(o)]
    service = services[0] if check.expect(len(services) == 1, f"expected one Service, found {len(services)}") else None
    if service is not None:
        check.expect(service["spec"]["selector"].items() <= pod_labels.items(), "the Service's selector does not match the pod")
        for port in service["spec"]["ports"]:
            check.expect(port.get("targetPort") in ports or port.get("targetPort") in ports.values(),
                         f"Service port {port.get('name')} targets {port.get('targetPort')!r}, not a container port")


def check_service_monitor(objects, wanted, namespace, check):
    monitors = [o for o in objects if o.get("kind") == "ServiceMonitor"]
    if not wanted:
        check.expect(not monitors, "a ServiceMonitor is rendered though serviceMonitor.enabled is false")
        return
    if not check.expect(len(monitors) == 1, f"expected one ServiceMonitor, found {len(monitors)}"):
        return
    monitor = monitors[0]
    check.expect(monitor.get("apiVersion") == "monitoring.coreos.com/v1", f"ServiceMonitor apiVersion {monitor.get('apiVersion')!r}")
    watched = monitor["spec"].get("namespaceSelector", {}).get("matchNames")
    check.expect(watched == [namespace], f"the ServiceMonitor watches namespaces {watched!r}, not only the release's {namespace!r}")
    services = [o for o in objects if o.get("kind") == "Service" and not headless(o)]
    if not services:
        return
    service = services[0]
    selector = monitor["spec"]["selector"]["matchLabels"]
    check.expect(selector.items() <= service["metadata"].get("labels", {}).items(), "the ServiceMonitor does not select the Service")
    port_names = {p.get("name") for p in service["spec"]["ports"]}
    for endpoint in monitor["spec"].get("endpoints", []):
        check.expect(endpoint.get("port") in port_names, f"ServiceMonitor endpoint port {endpoint.get('port')!r} is not a Service port")
        check.expect(endpoint.get("path") == "/metrics", f"ServiceMonitor endpoint path {endpoint.get('path')!r}, not /metrics")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("manifests")
    parser.add_argument("--namespace", required=True, help="the release's namespace (helm template --namespace)")
    parser.add_argument("--kubernetes-version", action="append", required=True, dest="kubernetes_versions")
    parser.add_argument("--role-arn", default="")
    parser.add_argument("--existing-service-account", default="",
                        help="serviceAccount.create is false: no ServiceAccount, the pod runs as this one")
    parser.add_argument("--service-monitor", action="store_true")
    parser.add_argument("--replicas", type=int, default=1,
                        help="the chart's replicas: above 1 a StatefulSet of shards instead of the Deployment")
    parser.add_argument("--pull-requests", type=json.loads, default=None,
                        help="the github.pullRequests the config must hold, as JSON")
    parser.add_argument("--applications", type=json.loads, default=None,
                        help="the applications list the config must hold, exactly, as JSON")
    parser.add_argument("--secret-files", type=json.loads, default=None,
                        help="files the pod must have from Secrets, as JSON {path: [secretName, key]}")
    args = parser.parse_args()

    with open(args.manifests) as f:
        objects = [o for o in yaml.safe_load_all(f) if o is not None]
    check = Checker()
    validated, skipped = validate_schemas(objects, args.kubernetes_versions, check)
    check_names(objects, check)
    if args.replicas > 1:
        check.expect(not [o for o in objects if o.get("kind") == "Deployment"], "a Deployment beside the StatefulSet")
        deployment = one(objects, "StatefulSet", check)
        if deployment is not None:
            check_statefulset(objects, deployment, args.replicas, check)
    else:
        check.expect(not [o for o in objects if o.get("kind") in ("StatefulSet",) or
                          (o.get("kind") == "Service" and headless(o))],
                     "a StatefulSet or headless Service with one replica")
        deployment = one(objects, "Deployment", check)
    if deployment is not None:
        check_deployment(objects, deployment, args.role_arn, args.existing_service_account, args.pull_requests,
                         args.applications, args.secret_files, check)
    check_service_monitor(objects, args.service_monitor, args.namespace, check)

    kinds = ", ".join(sorted(f"{o['kind']}/{o['metadata']['name']}" for o in objects))
    versions = ", ".join(args.kubernetes_versions)
    print(f"{args.manifests}: {len(objects)} objects ({kinds}); {validated} valid against Kubernetes "
          f"{versions} (strict, each), not schema-validated: {', '.join(skipped) or 'none'}")
    for failure in check.failures:
        print(f"  FAIL {failure}", file=sys.stderr)
    return 1 if check.failures else 0


if __name__ == "__main__":
    sys.exit(main())

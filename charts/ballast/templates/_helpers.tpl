{{/*
The chart's name, or nameOverride.
*/}}
{{- define "ballast.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
A fully qualified name for the release's objects: fullnameOverride, or
"<release>-<chart>" (just "<release>" when it already holds the chart's name),
cut to the 63 characters DNS names allow.
*/}}
{{- define "ballast.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
The chart label: name and version.
*/}}
{{- define "ballast.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels on every object.
*/}}
{{- define "ballast.labels" -}}
helm.sh/chart: {{ include "ballast.chart" . }}
{{ include "ballast.selectorLabels" . }}
app.kubernetes.io/version: {{ include "ballast.versionLabel" . | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
The app.kubernetes.io/version label: the image tag or else appVersion, made a valid
label value. A tag may have 128 characters and end in "." or "_"; a label value at
most 63, alphanumeric at both ends (the API server refuses the object otherwise).
*/}}
{{- define "ballast.versionLabel" -}}
{{- $version := .Values.image.tag | default .Chart.AppVersion | replace "+" "_" | trunc 63 }}
{{- regexReplaceAll "^[^A-Za-z0-9]+|[^A-Za-z0-9]+$" $version "" }}
{{- end }}

{{/*
Labels that select the controller's pod (never change them after install:
a Deployment's selector is immutable).
*/}}
{{- define "ballast.selectorLabels" -}}
app.kubernetes.io/name: {{ include "ballast.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
The name of the ServiceAccount the pod runs as.
*/}}
{{- define "ballast.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "ballast.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
The image reference: repository, and tag or else the chart's appVersion.
*/}}
{{- define "ballast.image" -}}
{{- printf "%s:%s" (required "image.repository is required" .Values.image.repository) (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}

{{/*
Where each referenced Secret is mounted, by its key in .Values.secrets.
Every file the controller reads from a Secret lies under /etc/ballast/secrets.
*/}}
{{- define "ballast.secretMounts" -}}
gitToken: /etc/ballast/secrets/git-token
gitSshKey: /etc/ballast/secrets/git-ssh-key
gitKnownHosts: /etc/ballast/secrets/git-known-hosts
webhook: /etc/ballast/secrets/webhook
githubToken: /etc/ballast/secrets/github-token
{{- end }}

{{/*
The path of the file the controller reads for one secret, e.g.
(include "ballast.secretFile" (list . "gitToken")), or "" when that secret is not set.
*/}}
{{- define "ballast.secretFile" -}}
{{- $root := index . 0 }}
{{- $which := index . 1 }}
{{- $secret := index $root.Values.secrets $which }}
{{- if $secret.name }}
{{- $mounts := include "ballast.secretMounts" $root | fromYaml }}
{{- printf "%s/%s" (index $mounts $which) (required (printf "secrets.%s.key is required when secrets.%s.name is set" $which $which) $secret.key) }}
{{- end }}
{{- end }}

{{/*
The per-application Git secrets of config.applications: for each value key, the config key
that names its file, the folder it is mounted in (under
/etc/ballast/secrets/applications/<name>/) and the Secret key used when the entry gives none
(the defaults of the top-level secrets).
*/}}
{{- define "ballast.applicationSecretKinds" -}}
gitToken: {file: tokenFile, folder: git-token, key: token}
gitSshKey: {file: sshKeyFile, folder: git-ssh-key, key: ssh-privatekey}
gitKnownHosts: {file: knownHostsFile, folder: git-known-hosts, key: known_hosts}
{{- end }}

{{/*
The Secrets of config.applications, one per line as "volume mountPath secretName key", for
the pod's volumes and mounts: app-<name>-git-token, app-<name>-git-ssh-key and
app-<name>-git-known-hosts, mounted at /etc/ballast/secrets/applications/<name>/<folder>.
A volume is named by its application, not its Secret, so one Secret used by two applications
is two volumes (each projecting only its key), and an application name of at most 40
characters keeps every volume name within the 63 of a DNS label. ballast.config checks the
entries (names, secrets) and fails first on a wrong one.
*/}}
{{- define "ballast.applicationSecrets" -}}
{{- $kinds := include "ballast.applicationSecretKinds" . | fromYaml }}
{{- range $application := .Values.config.applications }}
{{- range $which := list "gitToken" "gitSshKey" "gitKnownHosts" }}
{{- with index $application $which }}
{{- $kind := index $kinds $which }}
{{ printf "app-%s-%s /etc/ballast/secrets/applications/%s/%s %s %s" $application.name $kind.folder $application.name $kind.folder .name (.key | default $kind.key) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}

{{/*
The controller's config file (ballast run --config), built from .Values.config
and the mounted Secrets, in the schema controller/config.yaml shows and
ControllerConfigReading.swift reads (unknown keys are errors there):
git (remote, branch, cache, the credential files, allowedSignersFile, notes;
with config.applications no remote: git then holds each application's defaults),
applications (name, remote, branch, path, interval, tokenFile, sshKeyFile, knownHostsFile,
githubRepository) when config.applications is set,
loop (interval, rolloutTick, concurrentPasses), http (listen, webhookSecretFile), and github
(apiURL, repository, tokenFile, and pullRequests when enabled) only when
secrets.githubToken is set, and notifications when config.notifications has targets.
*/}}
{{- define "ballast.config" -}}
{{- $git := dict }}
{{- if .Values.config.applications }}
{{- if .Values.config.repo }}
{{- fail "config.repo and config.applications are two forms of one setting: give each application its repo, or drop config.applications" }}
{{- end }}
{{- else }}
{{- $_ := set $git "remote" (required "config.repo is required: the URL of the Git repository that holds desired/ (or list config.applications)" .Values.config.repo) }}
{{- end }}
{{- $_ := set $git "branch" (.Values.config.branch | default "main") }}
{{- $_ := set $git "cache" "/var/cache/ballast" }}
{{- with include "ballast.secretFile" (list . "gitToken") }}
{{- $_ := set $git "tokenFile" . }}
{{- end }}
{{- with include "ballast.secretFile" (list . "gitSshKey") }}
{{- $_ := set $git "sshKeyFile" . }}
{{- end }}
{{- with include "ballast.secretFile" (list . "gitKnownHosts") }}
{{- $_ := set $git "knownHostsFile" . }}
{{- end }}
{{- if .Values.config.verify.allowedSigners }}
{{- $_ := set $git "allowedSignersFile" "/etc/ballast/allowed_signers" }}
{{- end }}
{{- if kindIs "bool" .Values.config.notes }}
{{- $_ := set $git "notes" .Values.config.notes }}
{{- end }}
{{- $loop := dict "interval" (.Values.config.interval | default "1m") }}
{{- with .Values.config.rolloutTick }}
{{- $_ := set $loop "rolloutTick" . }}
{{- end }}
{{- with .Values.config.concurrentPasses }}
{{- $_ := set $loop "concurrentPasses" (int .) }}
{{- end }}
{{- $http := dict "listen" (printf "0.0.0.0:%d" (int .Values.config.port)) }}
{{- with include "ballast.secretFile" (list . "webhook") }}
{{- $_ := set $http "webhookSecretFile" . }}
{{- end }}
{{- $config := dict "git" $git "loop" $loop "http" $http }}
{{- with .Values.config.applications }}
{{- $applications := list }}
{{- $seen := dict }}
{{- $kinds := include "ballast.applicationSecretKinds" $ | fromYaml }}
{{- range $index, $application := . }}
{{- $name := required (printf "config.applications[%d].name is required" $index) $application.name }}
{{- if not (and (le (len $name) 40) (regexMatch "^[a-z](-?[a-z0-9])*$" $name)) }}
{{- fail (printf "config.applications[%d].name %q is not allowed: use lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen, at most 40 characters" $index $name) }}
{{- end }}
{{- if hasKey $seen $name }}
{{- fail (printf "config.applications[%d].name %q is listed twice (first at config.applications[%d]): every application needs a name of its own" $index $name (index $seen $name)) }}
{{- end }}
{{- $_ := set $seen $name $index }}
{{- $entry := dict "name" $name "remote" (required (printf "config.applications[%d].repo is required" $index) $application.repo) }}
{{- range $key := list "branch" "path" "interval" }}
{{- with index $application $key }}
{{- $_ := set $entry $key . }}
{{- end }}
{{- end }}
{{- range $which := list "gitToken" "gitSshKey" "gitKnownHosts" }}
{{- with index $application $which }}
{{- $kind := index $kinds $which }}
{{- $secret := required (printf "config.applications[%d].%s.name is required: the name of an existing Secret (or leave out %s to use secrets.%s)" $index $which $which $which) .name }}
{{- $_ := set $entry $kind.file (printf "/etc/ballast/secrets/applications/%s/%s/%s" $name $kind.folder (.key | default $kind.key)) }}
{{- end }}
{{- end }}
{{- with $application.githubRepository }}
{{- if not $.Values.secrets.githubToken.name }}
{{- fail (printf "config.applications[%d].githubRepository needs secrets.githubToken.name: without the GitHub token the config has no github section, and no commit statuses are posted" $index) }}
{{- end }}
{{- if not (regexMatch "^[^/\\s]+/[^/\\s]+$" .) }}
{{- fail (printf "config.applications[%d].githubRepository must be owner/name, found %q" $index .) }}
{{- end }}
{{- $_ := set $entry "githubRepository" . }}
{{- end }}
{{- $applications = append $applications $entry }}
{{- end }}
{{- $_ := set $config "applications" $applications }}
{{- end }}
{{- if and (.Values.config.github.pullRequests | default dict).enabled (not .Values.secrets.githubToken.name) }}
{{- fail "config.github.pullRequests.enabled needs secrets.githubToken.name: the GitHub token the controller comments on pull requests with" }}
{{- end }}
{{- with include "ballast.secretFile" (list . "githubToken") }}
{{- $repository := required "config.github.repository is required when secrets.githubToken.name is set: the GitHub repository (owner/name) that commit statuses are posted to" $.Values.config.github.repository }}
{{- if not (regexMatch "^[^/\\s]+/[^/\\s]+$" $repository) }}
{{- fail (printf "config.github.repository must be owner/name, found %q" $repository) }}
{{- end }}
{{- $github := dict "apiURL" ($.Values.config.github.apiUrl | default "https://api.github.com") "repository" $repository "tokenFile" . }}
{{- $pulls := $.Values.config.github.pullRequests | default dict }}
{{- if $pulls.enabled }}
{{- $previews := dict "enabled" true "forks" (eq $pulls.forks true) }}
{{- with $pulls.interval }}
{{- $_ := set $previews "interval" . }}
{{- end }}
{{- with $pulls.budget }}
{{- $_ := set $previews "budget" . }}
{{- end }}
{{- $_ := set $github "pullRequests" $previews }}
{{- end }}
{{- $_ := set $config "github" $github }}
{{- end }}
{{- with .Values.config.awsRequestsPerSecond }}
{{- $_ := set $config "aws" (dict "requestsPerSecond" .) }}
{{- end }}
{{- with include "ballast.notifications" . | fromYamlArray }}
{{- $_ := set $config "notifications" . }}
{{- end }}
{{- toYaml $config }}
{{- end }}

{{/*
The Secrets of config.notifications, one per line as "volume mountPath secretName key",
for the pod's volumes and mounts: notification-<n>-url (urlSecret) and
notification-<n>-signing (signingSecret), n counting from 1.
*/}}
{{- define "ballast.notificationSecrets" -}}
{{- range $index, $target := .Values.config.notifications }}
{{- $n := add1 $index }}
{{- with $target.urlSecret }}
{{ printf "notification-%d-url /etc/ballast/secrets/notification-%d-url %s %s" $n $n .name .key }}
{{- end }}
{{- with $target.signingSecret }}
{{ printf "notification-%d-signing /etc/ballast/secrets/notification-%d-signing %s %s" $n $n .name .key }}
{{- end }}
{{- end }}
{{- end }}

{{/*
config.notifications as the controller's notifications list (type, url or urlFile,
secretFile, events, timeout), as NotificationsReading.swift reads it; a target with
neither or both of url and urlSecret, or a Slack target with a signingSecret, fails.
*/}}
{{- define "ballast.notifications" -}}
{{- $targets := list }}
{{- range $index, $target := .Values.config.notifications }}
{{- $n := add1 $index }}
{{- if eq (empty $target.url) (empty $target.urlSecret) }}
{{- fail (printf "config.notifications[%d] needs exactly one of url and urlSecret" $index) }}
{{- end }}
{{- $entry := dict "type" $target.type }}
{{- with $target.url }}
{{- $_ := set $entry "url" . }}
{{- end }}
{{- with $target.urlSecret }}
{{- $_ := set $entry "urlFile" (printf "/etc/ballast/secrets/notification-%d-url/%s" $n .key) }}
{{- end }}
{{- with $target.signingSecret }}
{{- if eq $target.type "slack" }}
{{- fail (printf "config.notifications[%d]: signingSecret is for type webhook; a Slack incoming webhook's URL is its secret (use urlSecret)" $index) }}
{{- end }}
{{- $_ := set $entry "secretFile" (printf "/etc/ballast/secrets/notification-%d-signing/%s" $n .key) }}
{{- end }}
{{- with $target.events }}
{{- $_ := set $entry "events" . }}
{{- end }}
{{- with $target.timeout }}
{{- $_ := set $entry "timeout" . }}
{{- end }}
{{- $targets = append $targets $entry }}
{{- end }}
{{- toYaml $targets }}
{{- end }}

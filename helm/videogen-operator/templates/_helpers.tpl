{{/* Name of the chart, overridable with nameOverride. */}}
{{- define "videogen.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Full name of the release's objects: fullnameOverride, else <release>-<chart> (or <release>
when it already contains the chart's name). */}}
{{- define "videogen.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "videogen.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels of every object (Helm's recommended set). */}}
{{- define "videogen.labels" -}}
helm.sh/chart: {{ include "videogen.chart" . }}
{{ include "videogen.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: videogen
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Labels that select the operator's pods; immutable once a Deployment exists. */}}
{{- define "videogen.selectorLabels" -}}
app.kubernetes.io/name: {{ include "videogen.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "videogen.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "videogen.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The Lease the operator replicas compete for. */}}
{{- define "videogen.leaseName" -}}
{{- default (printf "%s-leader" (include "videogen.fullname" .) | trunc 63 | trimSuffix "-") .Values.leaderElection.leaseName -}}
{{- end -}}

{{/* image reference: repository:tag (tag defaults to the chart's appVersion), or
repository@digest when a digest is set. Argument: dict "image" <values.image> "root" $. */}}
{{- define "videogen.image" -}}
{{- if .image.digest -}}
{{- printf "%s@%s" .image.repository .image.digest -}}
{{- else -}}
{{- printf "%s:%s" .image.repository (default .root.Chart.AppVersion .image.tag) -}}
{{- end -}}
{{- end -}}

{{/* A ResourceRequirements as compact JSON with every quantity as a string ("1", "32Gi"), the
format Kubernetes' own JSON uses; Helm reads YAML numbers as floats, which would print 1 as 1. */}}
{{- define "videogen.resourcesJson" -}}
{{- $out := dict -}}
{{- range $section, $quantities := . -}}
{{- $s := dict -}}
{{- range $name, $q := $quantities -}}
{{- $_ := set $s $name (toString $q) -}}
{{- end -}}
{{- $_ := set $out $section $s -}}
{{- end -}}
{{- toJson $out -}}
{{- end -}}

{{/* The operator's permissions on the namespaces it watches: identical in the ClusterRole
(cluster-wide mode) and in each per-namespace Role (watchNamespaces mode). No secrets: S3
credentials reach workers through envFrom.secretRef, which needs no permission of the operator. */}}
{{- define "videogen.rules" -}}
# The custom resources: read; only their status is written (the operator never writes spec).
- apiGroups: ["videogen.dev"]
  resources: ["videojobs", "trainingruns"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["videogen.dev"]
  resources: ["videojobs/status", "trainingruns/status"]
  verbs: ["get", "update", "patch"]
# Worker Jobs and the task ConfigMaps they mount.
- apiGroups: ["batch"]
  resources: ["jobs"]
  verbs: ["get", "list", "watch", "create", "patch", "delete"]
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["get", "list", "watch", "create", "patch", "delete"]
# Worker pods: termination messages (results) and progress annotations.
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list", "watch"]
# pvc:// URIs name claims that must exist before a worker mounts them.
- apiGroups: [""]
  resources: ["persistentvolumeclaims"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["", "events.k8s.io"]
  resources: ["events"]
  verbs: ["create", "patch"]
# Training pods run as a ServiceAccount bound to the trainer ClusterRole (patch their own pod's
# progress annotation). The operator creates the account and the binding; it may bind only that
# one ClusterRole and never holds its permissions itself.
- apiGroups: [""]
  resources: ["serviceaccounts"]
  verbs: ["get", "create", "patch"]
- apiGroups: ["rbac.authorization.k8s.io"]
  resources: ["rolebindings"]
  verbs: ["get", "create", "patch"]
- apiGroups: ["rbac.authorization.k8s.io"]
  resources: ["clusterroles"]
  verbs: ["bind"]
  resourceNames: [{{ include "videogen.trainerRole" . | quote }}]
{{- end -}}

{{/* The ClusterRole training pods are bound to in each namespace where a TrainingRun runs. */}}
{{- define "videogen.trainerRole" -}}
{{ include "videogen.fullname" . }}-trainer
{{- end -}}

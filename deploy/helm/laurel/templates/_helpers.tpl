{{/* Names, labels and the pieces every Laurel pod shares. */}}

{{- define "laurel.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "laurel.fullname" -}}
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

{{- define "laurel.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "laurel.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "laurel.selectorLabels" -}}
app.kubernetes.io/name: {{ include "laurel.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "laurel.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{- define "laurel.secretName" -}}
{{- default (printf "%s-secrets" (include "laurel.fullname" .)) .Values.secrets.existingSecret -}}
{{- end -}}

{{- define "laurel.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "laurel.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* A database is required: an external one, or the bundled trial. */}}
{{- define "laurel.checkDatabase" -}}
{{- if and (not .Values.secrets.existingSecret) (not .Values.secrets.databaseUrl) (not .Values.postgresql.bundled.enabled) -}}
{{- fail "Laurel needs PostgreSQL on Kubernetes: set secrets.databaseUrl, secrets.existingSecret (key database-url), or postgresql.bundled.enabled=true for a trial" -}}
{{- end -}}
{{- end -}}

{{/* Environment shared by every Laurel container. `role` is set by the caller. */}}
{{- define "laurel.env" -}}
- name: LAUREL_BASE_URL
  value: {{ .Values.baseUrl | quote }}
- name: LOG_LEVEL
  value: {{ .Values.logLevel | quote }}
- name: LAUREL_TRUST_PROXY
  value: {{ .Values.trustProxy | quote }}
- name: LAUREL_MAIL_FROM
  value: {{ .Values.mailFrom | quote }}
- name: LAUREL_MASTER_KEY_FILE
  value: /run/secrets/laurel/master-key
- name: LAUREL_MIGRATE
  value: {{ .Values.migrations.onStart | quote }}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "laurel.secretName" . }}
      key: database-url
- name: SMTP_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "laurel.secretName" . }}
      key: smtp-url
      optional: true
- name: METRICS_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ include "laurel.secretName" . }}
      key: metrics-token
      optional: true
- name: REDIS_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "laurel.secretName" . }}
      key: redis-url
      optional: true
{{- with .Values.tracing.otlpEndpoint }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ . | quote }}
- name: OTEL_SERVICE_NAME
  value: {{ include "laurel.fullname" $ | quote }}
{{- end }}
{{- with .Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* The writable paths of a read-only root filesystem, and the master key file. */}}
{{- define "laurel.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
- name: data
  mountPath: /data
- name: master-key
  mountPath: /run/secrets/laurel
  readOnly: true
{{- end -}}

{{- define "laurel.volumes" -}}
- name: tmp
  emptyDir: {}
- name: data
  emptyDir: {}
- name: master-key
  secret:
    secretName: {{ include "laurel.secretName" . }}
    defaultMode: 0400
    items:
      - key: master-key
        path: master-key
{{- end -}}

{{/* Pod annotations: a checksum of the chart-made Secret (a changed secret rolls the pods) and scraping. */}}
{{- define "laurel.podAnnotations" -}}
{{- if not .Values.secrets.existingSecret }}
checksum/secret: {{ include (print $.Template.BasePath "/secret.yaml") . | sha256sum }}
{{- end }}
{{- if .Values.metrics.annotations }}
prometheus.io/scrape: "true"
prometheus.io/port: {{ .Values.metrics.port | quote }}
prometheus.io/path: /metrics
{{- end }}
{{- end -}}

{{/* Release-wide prefix; every object of one deployable is "<fullname>-<service>". */}}
{{- define "socialcommerce.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Name of one deployable's objects; called with (dict "root" $ "name" $serviceName). */}}
{{- define "socialcommerce.componentName" -}}
{{- printf "%s-%s" (include "socialcommerce.fullname" .root) .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "socialcommerce.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Selector labels never change after the first install: a Deployment's selector is immutable. */}}
{{- define "socialcommerce.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{- define "socialcommerce.labels" -}}
{{ include "socialcommerce.selectorLabels" . }}
app.kubernetes.io/part-of: {{ .root.Chart.Name }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ include "socialcommerce.chart" .root }}
{{- end -}}

{{/* Labels of the release-wide objects that belong to no one deployable (monitoring). */}}
{{- define "socialcommerce.releaseLabels" -}}
app.kubernetes.io/part-of: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ include "socialcommerce.chart" . }}
{{- end -}}

{{- define "socialcommerce.secretName" -}}
{{- default (include "socialcommerce.fullname" .) .Values.existingSecret -}}
{{- end -}}

{{- define "socialcommerce.image" -}}
{{- printf "%s:%s" .svc.image.repository (default .root.Chart.AppVersion .svc.image.tag) -}}
{{- end -}}

{{/*
Environment of a deployable, shared by its Deployment and its migration Job so both reach the same
database. Plain values go through tpl so that they may name the release, e.g.
http://{{ include "socialcommerce.fullname" . }}-identity:8080.
*/}}
{{- define "socialcommerce.env" -}}
{{- $root := .root -}}
{{- $own := .svc.env | default dict -}}
{{- range $key, $value := $root.Values.commonEnv }}
{{- if not (hasKey $own $key) }}
- name: {{ $key }}
  value: {{ tpl (toString $value) $root | quote }}
{{- end }}
{{- end }}
{{- range $key, $value := .svc.env }}
- name: {{ $key }}
  value: {{ tpl (toString $value) $root | quote }}
{{- end }}
{{- range $key, $secretKey := .svc.secretEnv }}
- name: {{ $key }}
  valueFrom:
    secretKeyRef:
      name: {{ include "socialcommerce.secretName" $root }}
      key: {{ $secretKey }}
{{- end }}
{{- end -}}

{{- define "socialcommerce.podSecurityContext" -}}
runAsNonRoot: true
# 1654 is the "app" user of the .NET runtime images (USER $APP_UID in the Dockerfile).
runAsUser: 1654
runAsGroup: 1654
fsGroup: 1654
{{- end -}}

{{- define "socialcommerce.containerSecurityContext" -}}
readOnlyRootFilesystem: true
allowPrivilegeEscalation: false
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/*
The deployables a deployable calls, comma-separated: those its env values name as "//<fullname>-<name>:", and those
networkPolicy.extraCalls lists for it (calls to addresses it learns at run time).
*/}}
{{- define "socialcommerce.callees" -}}
{{- $root := .root }}
{{- $svc := .svc }}
{{- $fullname := include "socialcommerce.fullname" $root }}
{{- $callees := list }}
{{- range (index $root.Values.networkPolicy.extraCalls .name | default list) }}
{{- $callees = append $callees . }}
{{- end }}
{{- range $other, $_ := $root.Values.services }}
{{- range $key, $value := $svc.env }}
{{- if contains (printf "//%s-%s:" $fullname $other) (tpl (toString $value) $root) }}
{{- $callees = append $callees $other }}
{{- end }}
{{- end }}
{{- end }}
{{- $callees | uniq | join "," -}}
{{- end -}}

{{/* Egress rules of a deployable and its jobs: DNS, its callees' ports, its database and broker, what it calls outside. */}}
{{- define "socialcommerce.egress" -}}
{{- $root := .root }}
{{- $np := $root.Values.networkPolicy }}
- ports:
    - port: 53
      protocol: UDP
    - port: 53
      protocol: TCP
{{- range $callee := splitList "," (include "socialcommerce.callees" .) }}
{{- with $callee }}
{{- $target := index $root.Values.services $callee }}
- to:
    - podSelector:
        matchLabels:
          app.kubernetes.io/name: {{ $callee }}
          app.kubernetes.io/instance: {{ $root.Release.Name }}
  ports:
    - port: {{ $target.httpPort }}
    {{- if $target.grpcPort }}
    - port: {{ $target.grpcPort }}
    {{- end }}
{{- end }}
{{- end }}
{{- if and .svc.secretEnv (hasKey .svc.secretEnv "ConnectionStrings__Database") }}
- to:
    {{- toYaml $np.postgres.to | nindent 4 }}
  ports:
    - port: {{ $np.postgres.port }}
{{- end }}
{{- if and .svc.secretEnv (hasKey .svc.secretEnv "ConnectionStrings__RabbitMq") }}
- to:
    {{- toYaml $np.rabbitmq.to | nindent 4 }}
  ports:
    - port: {{ $np.rabbitmq.port }}
{{- end }}
{{- with index $np.externalEgress .name | default list }}
{{ toYaml . }}
{{- end }}
{{- end -}}


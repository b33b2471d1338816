package rules

import (
	"strings"
	"testing"

	"github.com/prchq/prc/checklist/verdict"
)

func TestNonRootRule(t *testing.T) {
	t.Parallel()
	runRuleCases(t, "non-root", map[string]ruleCase{
		"pod non-root":             {docs: []any{workload{kind: "Deployment", pod: ", securityContext: {runAsNonRoot: true}"}}, want: verdict.Pass},
		"container user":           {docs: []any{deployment(", securityContext: {runAsUser: 1000}")}, want: verdict.Pass},
		"pod user":                 {docs: []any{workload{kind: "Deployment", pod: ", securityContext: {runAsUser: 10001}"}}, want: verdict.Pass},
		"container root overrides": {docs: []any{workload{kind: "Deployment", pod: ", securityContext: {runAsNonRoot: true}", container: ", securityContext: {runAsUser: 0}"}}, want: verdict.Fail, message: "runs as root (runAsUser: 0)"},
		"container opts out":       {docs: []any{workload{kind: "Deployment", pod: ", securityContext: {runAsNonRoot: true}", container: ", securityContext: {runAsNonRoot: false}"}}, want: verdict.Fail, message: "may run as root"},
		"unset":                    {docs: []any{deployment("")}, want: verdict.Fail},
		"root init container":      {docs: []any{workload{kind: "Deployment", pod: ", securityContext: {runAsNonRoot: true}, initContainers: [{name: chown, image: busybox:1, securityContext: {runAsUser: 0}}]"}}, want: verdict.Fail, message: `init container "chown"`},
		"no workloads":             {docs: []any{serviceDoc}, want: verdict.NA},
	})
}

func TestImagePinningRule(t *testing.T) {
	t.Parallel()
	image := func(img string) workload { return workload{kind: "Deployment", image: img} }
	runRuleCases(t, "image-pinning", map[string]ruleCase{
		"tag":                    {docs: []any{image("ghcr.io/acme/api:1.2.3")}, want: verdict.Pass},
		"digest":                 {docs: []any{image("acme/api@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")}, want: verdict.Pass},
		"latest":                 {docs: []any{image("acme/api:latest")}, want: verdict.Fail, message: `image "acme/api:latest" uses the latest tag`},
		"untagged":               {docs: []any{image("nginx")}, want: verdict.Fail, message: "has no tag"},
		"registry port":          {docs: []any{image("registry.local:5000/api")}, want: verdict.Fail, message: "has no tag"},
		"placeholder":            {docs: []any{image("${IMAGE}")}, want: verdict.Pass},
		"variable tag":           {docs: []any{image("ghcr.io/acme/api:${VERSION}")}, want: verdict.Pass},
		"variable with latest":   {docs: []any{image("${REGISTRY}/api:latest")}, want: verdict.Fail, message: `image "${REGISTRY}/api:latest" uses the latest tag`},
		"make-style with latest": {docs: []any{image("$(REGISTRY)/api:latest")}, want: verdict.Fail},
		"variable latest digest": {docs: []any{image("${REGISTRY}/api:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")}, want: verdict.Pass},
		"init container":         {docs: []any{workload{kind: "Deployment", pod: ", initContainers: [{name: init, image: busybox}]"}}, want: verdict.Fail, message: `init container "init"`},
		"no workloads":           {docs: []any{serviceDoc}, want: verdict.NA},
	})
}

func TestPrivilegesRule(t *testing.T) {
	t.Parallel()
	pod := func(p string) workload { return workload{kind: "Deployment", pod: ", " + p} }
	runRuleCases(t, "privileges", map[string]ruleCase{
		"plain":              {docs: []any{deployment("")}, want: verdict.Pass, message: "runs unprivileged"},
		"escalation off":     {docs: []any{deployment(", securityContext: {allowPrivilegeEscalation: false, privileged: false}")}, want: verdict.Pass},
		"host network off":   {docs: []any{pod("hostNetwork: false")}, want: verdict.Pass},
		"privileged":         {docs: []any{deployment(", securityContext: {privileged: true}")}, want: verdict.Fail, message: `k8s/all.yaml:5 Deployment/web: container "app" is privileged`},
		"escalation on":      {docs: []any{deployment(", securityContext: {allowPrivilegeEscalation: true}")}, want: verdict.Fail, message: "allows privilege escalation"},
		"privileged init":    {docs: []any{pod("initContainers: [{name: sysctl, image: busybox:1, securityContext: {privileged: true}}]")}, want: verdict.Fail, message: `init container "sysctl" is privileged`},
		"host network":       {docs: []any{pod("hostNetwork: true")}, want: verdict.Fail, message: "sets hostNetwork: true"},
		"host pid":           {docs: []any{pod("hostPID: true")}, want: verdict.Fail, message: "hostPID"},
		"host ipc":           {docs: []any{pod("hostIPC: true")}, want: verdict.Fail, message: "hostIPC"},
		"host path":          {docs: []any{pod("volumes: [{name: logs, hostPath: {path: /var/log}}]")}, want: verdict.Fail, message: `volume "logs" mounts hostPath /var/log`},
		"docker socket":      {docs: []any{pod("volumes: [{name: docker, hostPath: {path: /var/run/docker.sock, type: Socket}}]")}, want: verdict.Fail, message: "mounts the container runtime socket /var/run/docker.sock"},
		"containerd socket":  {docs: []any{pod("volumes: [{name: cri, hostPath: {path: /run/containerd/containerd.sock}}]")}, want: verdict.Fail, message: "container runtime socket"},
		"other volumes":      {docs: []any{pod("volumes: [{name: tmp, emptyDir: {}}, {name: cfg, configMap: {name: cfg}}]")}, want: verdict.Pass},
		"cronjob privileged": {docs: []any{workload{kind: "CronJob", api: "batch/v1", container: ", securityContext: {privileged: true}"}}, want: verdict.Fail, message: "CronJob/web"},
		"no workloads":       {docs: []any{serviceDoc}, want: verdict.NA},
	})
}

func TestSecretsRule(t *testing.T) {
	t.Parallel()
	env := func(entries string) workload { return deployment(", env: [" + entries + "]") }
	configMap := func(data string) string {
		return "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\ndata: {" + data + "}\n"
	}
	key := `'-----BEGIN RSA PRIVATE KEY-----\nMIIEhunter2\n-----END RSA PRIVATE KEY-----\n'`
	cases := map[string]ruleCase{
		"secret reference":          {docs: []any{env("{name: DB_PASSWORD, valueFrom: {secretKeyRef: {name: db, key: password}}}")}, want: verdict.Pass},
		"literal password":          {docs: []any{env("{name: DB_PASSWORD, value: hunter2}")}, want: verdict.Fail, message: "env DB_PASSWORD is set to a literal secret"},
		"literal api key":           {docs: []any{env("{name: stripeApiKey, value: sk_live_123}")}, want: verdict.Fail, message: "stripeApiKey"},
		"aws secret access key":     {docs: []any{env("{name: AWS_SECRET_ACCESS_KEY, value: hunter2/abc}")}, want: verdict.Fail, message: "AWS_SECRET_ACCESS_KEY"},
		"azure storage key":         {docs: []any{env("{name: AZURE_STORAGE_ACCOUNT_KEY, value: hunter2==}")}, want: verdict.Fail, message: "AZURE_STORAGE_ACCOUNT_KEY"},
		"azure connection string":   {docs: []any{env("{name: STORAGE, value: 'DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=hunter2==;EndpointSuffix=core.windows.net'}")}, want: verdict.Fail, message: "contains a password or key in a connection string"},
		"sql connection password":   {docs: []any{env("{name: DB_CONNECTION_STRING, value: 'Server=db;Database=app;User Id=app;Password=hunter2;'}")}, want: verdict.Fail, message: "DB_CONNECTION_STRING contains a password or key"},
		"connection without secret": {docs: []any{env("{name: DB_CONNECTION_STRING, value: 'Server=db;Database=app;Integrated Security=true'}")}, want: verdict.Pass},
		"connection with reference": {docs: []any{env("{name: DB_CONNECTION_STRING, value: 'Server=db;Password=$(DB_PASSWORD)'}")}, want: verdict.Pass},
		"secret arn":                {docs: []any{env("{name: DB_SECRET_ARN, value: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db'}")}, want: verdict.Pass},
		"oci key content":           {docs: []any{env("{name: OCI_CLI_KEY_CONTENT, value: hunter2}")}, want: verdict.Fail},
		"private key in env":        {docs: []any{env("{name: TLS, value: " + key + "}")}, want: verdict.Fail, message: "env TLS holds a private key"},
		"url with credentials":      {docs: []any{env("{name: DATABASE_URL, value: 'postgres://app:hunter2@db:5432/app'}")}, want: verdict.Fail, message: "DATABASE_URL contains credentials in a URL"},
		"url with reference":        {docs: []any{env("{name: DATABASE_URL, value: 'postgres://app:$(DB_PASSWORD)@db/app'}")}, want: verdict.Pass},
		"password file path":        {docs: []any{env("{name: POSTGRES_PASSWORD_FILE, value: /run/secrets/pw}")}, want: verdict.Pass},
		"empty value":               {docs: []any{env("{name: API_TOKEN, value: ''}")}, want: verdict.Pass},
		"number":                    {docs: []any{env("{name: TOKEN_EXPIRY_SECONDS, value: '3600'}, {name: TOKEN_LIFETIME, value: '86400'}")}, want: verdict.Pass},
		"boolean":                   {docs: []any{env("{name: SECRET_ROTATION, value: 'true'}")}, want: verdict.Pass},
		"duration":                  {docs: []any{env("{name: TOKEN_LIFETIME, value: 1h30m}")}, want: verdict.Pass},
		"variable reference":        {docs: []any{env("{name: API_TOKEN, value: '${API_TOKEN}'}, {name: DB_PASSWORD, value: '$(PASSWORD)'}")}, want: verdict.Pass},
		"url without credentials":   {docs: []any{env("{name: TOKEN_SERVICE, value: 'https://auth.example.com/token'}")}, want: verdict.Pass},
		"configmap credentials":     {docs: []any{configMap("url: 'amqp://guest:hunter2@rabbit:5672/'")}, want: verdict.Fail, message: `ConfigMap/cfg: data key "url" contains credentials in a URL`},
		"configmap literal secret":  {docs: []any{configMap("DB_PASSWORD: hunter2")}, want: verdict.Fail, message: `data key "DB_PASSWORD" is set to a literal secret`},
		"configmap private key":     {docs: []any{configMap("tls.key: " + key)}, want: verdict.Fail, message: `data key "tls.key" holds a private key`},
		"configmap number":          {docs: []any{configMap("TOKEN_EXPIRY_SECONDS: '3600'")}, want: verdict.Pass},
		"configmap token url":       {docs: []any{configMap("OAUTH_TOKEN: 'https://auth.example.com/oauth/token'")}, want: verdict.Pass},
		"configmap file named like": {docs: []any{configMap("secrets.yaml: 'mode: vault'")}, want: verdict.Pass},
		"configmap clean":           {docs: []any{configMap("url: 'https://example.com/'")}, want: verdict.Pass},
		"nothing to check":          {docs: []any{serviceDoc}, want: verdict.NA},
	}
	runRuleCases(t, "secrets", cases)
	for name, tc := range cases {
		_, ev := judge(t, "secrets", tc.docs...)
		for _, e := range ev {
			if strings.Contains(e.Message, "hunter2") || strings.Contains(e.Message, "sk_live") {
				t.Errorf("%s: evidence reveals the secret: %s", name, e.Message)
			}
		}
	}
}

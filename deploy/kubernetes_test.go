package deploy_test

import (
	"net"
	"net/http"
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/prchq/prc/app/config"
)

// prcDrain is how long prc drains requests and jobs after SIGTERM (app.shutdownTimeout).
const prcDrain = 30

// TestKubernetesVariants builds each kustomization and checks the Deployment the cluster would
// run, then what is particular to the variant.
func TestKubernetesVariants(t *testing.T) {
	tests := map[string]func(t *testing.T, objs []resource, pod podSpec, c container){
		"kubernetes/sqlite":     checkSQLite,
		"kubernetes/production": checkProduction,
	}
	for dir, check := range tests {
		t.Run(dir, func(t *testing.T) {
			objs := kustomize(t, dir)
			_, d := specOf[deploymentSpec](t, objs, "Deployment")
			pod := d.Template.Spec
			c := prcContainer(t, pod)
			checkLabels(t, objs, d)
			checkSpread(t, d)
			checkProbes(t, c)
			checkProbeTimings(t, c)
			checkHardening(t, pod, c)
			checkEnv(t, c)
			checkSecretRefs(t, pod, c)
			checkScrape(t, objs, d, c)
			check(t, objs, pod, c)
		})
	}
}

func prcContainer(t *testing.T, pod podSpec) container {
	t.Helper()
	if len(pod.Containers) != 1 {
		t.Fatalf("%d containers, want 1", len(pod.Containers))
	}
	return pod.Containers[0]
}

// checkLabels: the selector, the Service (when the build has one) and the PDB all pick the
// Deployment's pods.
func checkLabels(t *testing.T, objs []resource, d deploymentSpec) {
	t.Helper()
	labels := d.Template.Metadata.Labels
	_, pdb := specOf[pdbSpec](t, objs, "PodDisruptionBudget")
	selectors := map[string]map[string]string{"deployment selector": d.Selector.MatchLabels, "PDB selector": pdb.Selector.MatchLabels}
	c := prcContainer(t, d.Template.Spec)
	if countKind(objs, "Service") > 0 {
		_, svc := specOf[serviceSpec](t, objs, "Service")
		selectors["service selector"] = svc.Selector
		for _, p := range svc.Ports {
			if !isContainerPort(c, p.TargetPort) {
				t.Errorf("service targetPort %q is not a port of container %s", p.TargetPort, c.Name)
			}
		}
	}
	for name, sel := range selectors {
		if len(sel) == 0 || !subset(sel, labels) {
			t.Errorf("%s %v does not select the pod labels %v", name, sel, labels)
		}
	}
	if pdb.MaxUnavailable == "" || pdb.MaxUnavailable == "0" {
		t.Errorf("PDB maxUnavailable = %q: it would block every node drain of a single replica", pdb.MaxUnavailable)
	}
}

// checkSpread: the pods spread over zones, and every constraint counts prc's own pods.
func checkSpread(t *testing.T, d deploymentSpec) {
	t.Helper()
	zones := false
	for _, c := range d.Template.Spec.TopologySpreadConstraints {
		sel := c.LabelSelector.MatchLabels
		if len(sel) == 0 || !subset(sel, d.Template.Metadata.Labels) {
			t.Errorf("spread over %s: labelSelector %v does not select the pod labels %v", c.TopologyKey, sel, d.Template.Metadata.Labels)
		}
		zones = zones || c.TopologyKey == "topology.kubernetes.io/zone"
	}
	if !zones {
		t.Error("no topologySpreadConstraint over topology.kubernetes.io/zone")
	}
}

// checkProbeTimings: liveness gives up later than readiness, so a slow store takes a pod out of
// the Service without restarting it.
func checkProbeTimings(t *testing.T, c container) {
	t.Helper()
	live, ready := c.LivenessProbe, c.ReadinessProbe
	if live == nil || ready == nil {
		return // checkProbes reports it
	}
	patience := func(p *probe) int { return max(p.PeriodSeconds, 1) * max(p.FailureThreshold, 1) }
	if patience(live) <= patience(ready) {
		t.Errorf("liveness fails after %d s, readiness after %d s: liveness must wait longer", patience(live), patience(ready))
	}
}

// checkProbes: liveness and startup on /healthz, readiness on /readyz, on the container's port,
// and the real router answers them as a probe needs: a store outage fails readiness only.
func checkProbes(t *testing.T, c container) {
	t.Helper()
	for name, tc := range map[string]struct {
		probe        *probe
		path         string
		codeStoreOut int
	}{
		"livenessProbe":  {c.LivenessProbe, "/healthz", http.StatusOK},
		"startupProbe":   {c.StartupProbe, "/healthz", http.StatusOK},
		"readinessProbe": {c.ReadinessProbe, "/readyz", http.StatusServiceUnavailable},
	} {
		if tc.probe == nil || tc.probe.HTTPGet == nil {
			t.Errorf("%s: want an httpGet probe on %s", name, tc.path)
			continue
		}
		get := tc.probe.HTTPGet
		if get.Path != tc.path || !isContainerPort(c, get.Port) {
			t.Errorf("%s = GET %s on port %q, want %s on a container port", name, get.Path, get.Port, tc.path)
		}
		if code := serveRoute(t, http.MethodGet, get.Path, nil); code != http.StatusOK {
			t.Errorf("%s: GET %s = %d with a healthy store, want 200", name, get.Path, code)
		}
		if code := serveRoute(t, http.MethodGet, get.Path, errStoreDown); code != tc.codeStoreOut {
			t.Errorf("%s: GET %s = %d with the store down, want %d", name, get.Path, code, tc.codeStoreOut)
		}
	}
}

// checkHardening: non-root, read-only root, no privilege escalation, requests and a memory limit,
// and time to drain.
func checkHardening(t *testing.T, pod podSpec, c container) {
	t.Helper()
	psc, csc := pod.SecurityContext, c.SecurityContext
	if !isTrue(psc.RunAsNonRoot) && !isTrue(csc.RunAsNonRoot) {
		t.Error("runAsNonRoot is not set")
	}
	for _, uid := range []*int64{psc.RunAsUser, csc.RunAsUser} {
		if uid != nil && *uid == 0 {
			t.Error("runAsUser is 0 (root)")
		}
	}
	if !isTrue(csc.ReadOnlyRootFilesystem) || csc.AllowPrivilegeEscalation == nil || *csc.AllowPrivilegeEscalation {
		t.Errorf("readOnlyRootFilesystem %s allowPrivilegeEscalation %s, want true and false",
			show(csc.ReadOnlyRootFilesystem), show(csc.AllowPrivilegeEscalation))
	}
	if !slices.Contains(csc.Capabilities.Drop, "ALL") {
		t.Errorf("capabilities.drop = %v, want ALL", csc.Capabilities.Drop)
	}
	if c.Resources.Requests["cpu"] == "" || c.Resources.Requests["memory"] == "" || c.Resources.Limits["memory"] == "" {
		t.Errorf("resources = %+v, want cpu and memory requests and a memory limit", c.Resources)
	}
	if g := pod.TerminationGracePeriodSeconds; g == nil || *g <= prcDrain {
		t.Errorf("terminationGracePeriodSeconds must exceed prc's %d s drain", prcDrain)
	}
	if !mounted(c, "/tmp") {
		t.Error("no writable /tmp mount beside the read-only root")
	}
	if strings.HasSuffix(c.Image, ":latest") || !strings.Contains(path.Base(c.Image), ":") {
		t.Errorf("image %q is not pinned to a tag", c.Image)
	}
}

// checkEnv: every variable is a setting prc reads, the required ones are set, and the container
// port is where PRC_LISTEN makes prc listen.
func checkEnv(t *testing.T, c container) {
	t.Helper()
	known := configEnvNames(t)
	env := map[string]envVar{}
	for _, e := range c.Env {
		if !known[e.Name] {
			t.Errorf("env %s is not a setting app/config reads", e.Name)
		}
		env[e.Name] = e
	}
	for _, name := range []string{"PRC_APP_ID", "PRC_WEBHOOK_SECRET", "PRC_PRIVATE_KEY_FILE"} {
		if _, ok := env[name]; !ok {
			t.Errorf("env %s is missing", name)
		}
	}
	listen := config.Defaults().Listen
	if e, ok := env["PRC_LISTEN"]; ok {
		listen = e.Value
	}
	_, port, err := net.SplitHostPort(listen)
	if err != nil || !isContainerPort(c, port) {
		t.Errorf("prc listens on %q, not on a container port", listen)
	}
}

// loadSecretExample reads the one Secret of secret.example.yaml.
func loadSecretExample(t *testing.T) resource {
	t.Helper()
	examples := decodeFile[resource](t, "kubernetes/secret.example.yaml")
	if len(examples) != 1 || examples[0].Kind != "Secret" {
		t.Fatalf("secret.example.yaml: want one Secret, got %d objects", len(examples))
	}
	return examples[0]
}

// TestSecretExampleHoldsPlaceholders: nothing in the example could pass for a real value.
func TestSecretExampleHoldsPlaceholders(t *testing.T) {
	secret := loadSecretExample(t)
	if len(secret.StringData) == 0 || len(secret.Data) != 0 {
		t.Errorf("want readable placeholders in stringData only, got %d stringData and %d data keys", len(secret.StringData), len(secret.Data))
	}
	for key, value := range secret.StringData {
		if !strings.HasPrefix(value, "REPLACE_WITH_") {
			t.Errorf("%s = %q, want a REPLACE_WITH_ placeholder", key, value)
		}
	}
}

// checkSecretRefs: every key the pod reads from a Secret is in secret.example.yaml, and the
// private key file is where PRC_PRIVATE_KEY_FILE points.
func checkSecretRefs(t *testing.T, pod podSpec, c container) {
	t.Helper()
	secret := loadSecretExample(t)
	has := func(name, key string) bool {
		_, ok := secret.StringData[key]
		return name == secret.Metadata.Name && ok
	}
	for _, e := range c.Env {
		if e.ValueFrom != nil && e.ValueFrom.SecretKeyRef != nil {
			if ref := e.ValueFrom.SecretKeyRef; !ref.Optional && !has(ref.Name, ref.Key) {
				t.Errorf("env %s reads secret %s key %s, which secret.example.yaml lacks", e.Name, ref.Name, ref.Key)
			}
		}
	}
	keyFile, found := envValue(c, "PRC_PRIVATE_KEY_FILE"), false
	for _, v := range pod.Volumes {
		if v.Secret == nil {
			continue
		}
		for _, item := range v.Secret.Items {
			if !has(v.Secret.SecretName, item.Key) {
				t.Errorf("volume %s reads secret %s key %s, which secret.example.yaml lacks", v.Name, v.Secret.SecretName, item.Key)
			}
			found = found || path.Join(mountPath(c, v.Name), item.Path) == keyFile
		}
	}
	if !found {
		t.Errorf("PRC_PRIVATE_KEY_FILE=%s is no file of a mounted secret volume", keyFile)
	}
	for _, v := range pod.Volumes {
		if v.Secret != nil && (v.Secret.DefaultMode == nil || *v.Secret.DefaultMode&0o077 != 0) {
			t.Errorf("secret volume %s defaultMode %s: want owner-only (0400), never group- or world-readable", v.Name, showMode(v.Secret.DefaultMode))
		}
	}
}

// checkSQLite: one replica, replaced (not rolled) so two pods never share the database, whose
// directory is a mounted claim the kustomization creates.
func checkSQLite(t *testing.T, objs []resource, pod podSpec, c container) {
	t.Helper()
	_, d := specOf[deploymentSpec](t, objs, "Deployment")
	if d.Replicas == nil || *d.Replicas != 1 || d.Strategy.Type != "Recreate" {
		t.Errorf("replicas %s strategy %q, want 1 and Recreate for SQLite", show(d.Replicas), d.Strategy.Type)
	}
	if hasEnv(c, "PRC_DATABASE_URL") {
		t.Error("PRC_DATABASE_URL is set: the SQLite variant would use PostgreSQL")
	}
	dataDir, claim := envValue(c, "PRC_DATA_DIR"), ""
	for _, v := range pod.Volumes {
		if v.PersistentVolumeClaim != nil && dataDir != "" && mountPath(c, v.Name) == dataDir {
			claim = v.PersistentVolumeClaim.ClaimName
		}
	}
	if claim == "" {
		t.Fatalf("PRC_DATA_DIR=%q is not a mounted PersistentVolumeClaim", dataDir)
	}
	if name, _ := specOf[struct{}](t, objs, "PersistentVolumeClaim"); name != claim {
		t.Errorf("the volume claims %q, the kustomization creates %q", claim, name)
	}
}

// checkProduction: several replicas rolled without losing capacity, the database URL from the
// Secret, no SQLite volume, an autoscaler, and a Flagger canary over the same Deployment.
func checkProduction(t *testing.T, objs []resource, pod podSpec, c container) {
	t.Helper()
	name, d := specOf[deploymentSpec](t, objs, "Deployment")
	if d.Replicas == nil || *d.Replicas < 2 || d.Strategy.RollingUpdate.MaxUnavailable != "0" {
		t.Errorf("replicas %s maxUnavailable %q, want at least 2 and 0", show(d.Replicas), d.Strategy.RollingUpdate.MaxUnavailable)
	}
	if e := envByName(c, "PRC_DATABASE_URL"); e == nil || e.ValueFrom == nil || e.ValueFrom.SecretKeyRef == nil {
		t.Error("PRC_DATABASE_URL must come from the Secret")
	}
	if n := countKind(objs, "PersistentVolumeClaim"); n != 0 {
		t.Errorf("%d PersistentVolumeClaims: SQLite leftovers", n)
	}
	for _, v := range pod.Volumes {
		if v.PersistentVolumeClaim != nil {
			t.Errorf("volume %s still claims %s", v.Name, v.PersistentVolumeClaim.ClaimName)
		}
	}
	hpaName, hpa := specOf[hpaSpec](t, objs, "HorizontalPodAutoscaler")
	if hpa.ScaleTargetRef.Kind != "Deployment" || hpa.ScaleTargetRef.Name != name || hpa.MinReplicas == nil || *hpa.MinReplicas < 2 {
		t.Errorf("HPA targets %s %s with minReplicas %s, want Deployment %s and at least 2",
			hpa.ScaleTargetRef.Kind, hpa.ScaleTargetRef.Name, show(hpa.MinReplicas), name)
	}
	checkCanary(t, objs, name, hpaName, c)
	checkSharedSessionKey(t, pod, c)
}

// sessionKeyFile is the file in PRC_DATA_DIR that holds the key signing sign-in sessions.
const sessionKeyFile = "session.key"

// checkSharedSessionKey: the replicas read one session key from the Secret, so a session made by
// one replica is valid on the others.
func checkSharedSessionKey(t *testing.T, pod podSpec, c container) {
	t.Helper()
	want := path.Join(envValue(c, "PRC_DATA_DIR"), sessionKeyFile)
	for _, m := range c.VolumeMounts {
		if m.MountPath != want {
			continue
		}
		for _, v := range pod.Volumes {
			if v.Name == m.Name && v.Secret != nil {
				return
			}
		}
	}
	t.Errorf("%s is not mounted from a Secret: each replica would sign sessions with its own key", want)
}

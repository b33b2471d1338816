package kube

import (
	"context"
	"strings"
	"testing"

	"github.com/prchq/prc/checklist/repo"
)

func TestBinaryJunkInManifestFolderIsAProblem(t *testing.T) {
	junk := string([]byte{0xff, 0xfe, 0x00, 0x01, 0x9c, 'x'})
	snap := repo.NewMemory(map[string]string{"deploy/junk.yaml": junk, "assets/logo.yaml": junk})
	set := Load(context.Background(), snap, nil)
	if len(set.Problems) != 1 || set.Problems[0].Path != "deploy/junk.yaml" || !strings.Contains(set.Problems[0].Message, "binary") {
		t.Errorf("problems = %+v, want one for deploy/junk.yaml only", set.Problems)
	}
}

func TestForeignFoldersAreNotDeployed(t *testing.T) {
	deploy := "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: %s}\n"
	snap := repo.NewMemory(map[string]string{
		"deploy/app.yaml":                     strings.ReplaceAll(deploy, "%s", "app"),
		"vendor/lib/deploy.yaml":              strings.ReplaceAll(deploy, "%s", "vendored"),
		"pkg/x/testdata/broken.yaml":          "apiVersion: v1\nkind: [",
		"web/node_modules/pkg/k8s/chart.yaml": strings.ReplaceAll(deploy, "%s", "module"),
		"third_party/charts/c/Chart.yaml":     "apiVersion: v2\nname: c\nversion: 1.0.0\n",
	})
	set := Load(context.Background(), snap, nil)
	if len(set.Objects) != 1 || set.Objects[0].Name != "app" || len(set.Problems) != 0 {
		t.Errorf("objects %+v, problems %+v; want only deploy/app.yaml", set.Objects, set.Problems)
	}
}

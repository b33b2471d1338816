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

package gh

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
)

// blobClient serves one blob, counting reads and holding each until release closes.
type blobClient struct {
	Client
	reads   atomic.Int32
	started chan struct{}
	once    sync.Once
	release chan struct{}
}

func (c *blobClient) ReadBlob(context.Context, string, string, string) ([]byte, error) {
	c.reads.Add(1)
	c.once.Do(func() { close(c.started) })
	<-c.release
	return []byte("# runbook\n"), nil
}

// TestSnapshotReadsABlobOnce: checks asking for the same file at the same time, or later, cost
// one read of its blob.
func TestSnapshotReadsABlobOnce(t *testing.T) {
	client := &blobClient{started: make(chan struct{}), release: make(chan struct{})}
	tree := Tree{Entries: []TreeEntry{{Path: "RUNBOOK.md", SHA: "b1", Size: 10, Mode: "100644"}, {Path: "docs/copy.md", SHA: "b1", Size: 10, Mode: "100644"}}}
	snap := NewTreeSnapshot(context.Background(), client, "acme", "api", tree, NewBlobCache(1<<20))
	var wg sync.WaitGroup
	for i := range 8 {
		path := []string{"RUNBOOK.md", "docs/copy.md"}[i%2]
		wg.Go(func() {
			if b, err := snap.ReadFile(path); err != nil || string(b) != "# runbook\n" {
				t.Errorf("ReadFile(%s) = %q, %v", path, b, err)
			}
		})
	}
	<-client.started
	close(client.release)
	wg.Wait()
	if _, err := snap.ReadFile("RUNBOOK.md"); err != nil {
		t.Fatal(err)
	}
	if n := client.reads.Load(); n != 1 {
		t.Errorf("blob read %d times, want once", n)
	}
}

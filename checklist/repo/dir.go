package repo

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
)

// Dir is a Snapshot of a local directory. It lists the tree once; contents are read on demand.
// Symbolic links are followed only to regular files inside the root; the .git folder is ignored.
type Dir struct {
	root    string
	files   []File
	links   map[string]string
	skipped []Skipped
}

// OpenDir walks root and returns its snapshot.
func OpenDir(root string) (*Dir, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", root, err)
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", root, err)
	}
	info, err := os.Stat(real)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", root, err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("open %s: not a directory", root)
	}
	d := &Dir{root: real, links: map[string]string{}}
	d.walkAll()
	sort.Slice(d.files, func(i, j int) bool { return d.files[i].Path < d.files[j].Path })
	sort.Slice(d.skipped, func(i, j int) bool { return d.skipped[i].Path < d.skipped[j].Path })
	return d, nil
}

// walkAll lists the tree with several goroutines: the per-file lstat that gives sizes costs more
// than reading the directories, and it spreads across cores.
func (d *Dir) walkAll() {
	var (
		mu      sync.Mutex
		pending sync.WaitGroup
		queue   = make(chan string, 1024)
	)
	var visit func(rel string)
	visit = func(rel string) {
		defer pending.Done()
		files, links, skipped, dirs := d.readDir(rel)
		mu.Lock()
		d.files = append(d.files, files...)
		d.skipped = append(d.skipped, skipped...)
		for _, l := range links {
			d.addLink(l)
		}
		mu.Unlock()
		for _, sub := range dirs {
			pending.Add(1)
			select {
			case queue <- sub:
			default:
				visit(sub)
			}
		}
	}
	workers := max(4, 2*runtime.GOMAXPROCS(0))
	for w := 0; w < workers; w++ {
		go func() {
			for rel := range queue {
				visit(rel)
			}
		}()
	}
	pending.Add(1)
	visit("")
	pending.Wait()
	close(queue)
}

// readDir lists one directory: its regular files with sizes, its links, entries it skips, and
// its subdirectories (but .git).
func (d *Dir) readDir(rel string) (files []File, links []string, skipped []Skipped, dirs []string) {
	entries, err := os.ReadDir(filepath.Join(d.root, filepath.FromSlash(rel)))
	if err != nil {
		return nil, nil, []Skipped{{Path: rel, Reason: "unreadable directory: " + err.Error()}}, nil
	}
	for _, e := range entries {
		p := path.Join(rel, e.Name())
		switch t := e.Type(); {
		case t.IsDir():
			if e.Name() != ".git" {
				dirs = append(dirs, p)
			}
		case t&fs.ModeSymlink != 0:
			links = append(links, p)
		case t.IsRegular():
			if info, err := e.Info(); err == nil {
				files = append(files, File{Path: p, Size: info.Size()})
			}
		default:
			skipped = append(skipped, Skipped{Path: p, Reason: "not a regular file"})
		}
	}
	return files, links, skipped, dirs
}

func (d *Dir) addLink(p string) {
	target, err := filepath.EvalSymlinks(filepath.Join(d.root, filepath.FromSlash(p)))
	if err != nil {
		d.skip(p, "broken symbolic link")
		return
	}
	rel, err := filepath.Rel(d.root, target)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		d.skip(p, "symbolic link leaves the repository; not followed")
		return
	}
	info, err := os.Stat(target)
	if err != nil || !info.Mode().IsRegular() {
		d.skip(p, "symbolic link to a directory or special file; not followed")
		return
	}
	d.links[p] = filepath.ToSlash(rel)
	d.files = append(d.files, File{Path: p, Size: info.Size()})
}

func (d *Dir) skip(p, reason string) {
	d.skipped = append(d.skipped, Skipped{Path: p, Reason: reason})
}

// Root returns the resolved absolute directory of the snapshot.
func (d *Dir) Root() string { return d.root }

// Files implements Snapshot.
func (d *Dir) Files() []File { return d.files }

// Skipped implements Snapshot.
func (d *Dir) Skipped() []Skipped { return d.skipped }

// ReadFile implements Snapshot. It reads only files listed by Files.
func (d *Dir) ReadFile(p string) ([]byte, error) {
	f, ok := Lookup(d.files, p)
	if !ok {
		return nil, fmt.Errorf("read %s: %w", p, ErrNotFound)
	}
	if f.Size > MaxFileSize {
		return nil, fmt.Errorf("read %s: %w", p, ErrTooLarge)
	}
	target := p
	if t, ok := d.links[p]; ok {
		target = t
	}
	fh, err := os.Open(filepath.Join(d.root, filepath.FromSlash(target)))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", p, err)
	}
	defer func() { _ = fh.Close() }() // read-only: nothing is lost if closing fails
	// The walk gave the size, so one read of that many bytes usually does; a file that changed
	// since is read as it is now, still within the limit.
	data := make([]byte, f.Size)
	n, err := io.ReadFull(fh, data)
	switch {
	case err == io.ErrUnexpectedEOF || err == io.EOF:
		return data[:n], nil
	case err != nil:
		return nil, fmt.Errorf("read %s: %w", p, err)
	}
	return data, nil
}

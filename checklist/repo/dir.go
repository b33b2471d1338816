package repo

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
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
	d.walk("")
	sort.Slice(d.files, func(i, j int) bool { return d.files[i].Path < d.files[j].Path })
	return d, nil
}

func (d *Dir) walk(rel string) {
	entries, err := os.ReadDir(filepath.Join(d.root, filepath.FromSlash(rel)))
	if err != nil {
		d.skip(rel, "unreadable directory: "+err.Error())
		return
	}
	for _, e := range entries {
		p := path.Join(rel, e.Name())
		switch t := e.Type(); {
		case t.IsDir():
			if e.Name() != ".git" {
				d.walk(p)
			}
		case t&fs.ModeSymlink != 0:
			d.addLink(p)
		case t.IsRegular():
			if info, err := e.Info(); err == nil {
				d.files = append(d.files, File{Path: p, Size: info.Size()})
			}
		default:
			d.skip(p, "not a regular file")
		}
	}
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
	defer fh.Close()
	data, err := io.ReadAll(io.LimitReader(fh, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", p, err)
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("read %s: %w", p, ErrTooLarge)
	}
	return data, nil
}

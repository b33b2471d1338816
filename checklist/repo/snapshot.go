package repo

import (
	"errors"
	"path"
	"sort"
	"strings"
)

// MaxFileSize is the largest file a check reads; larger files are skipped and listed as skipped.
const MaxFileSize = 1 << 20

// ErrNotFound is returned when a path is not a regular file of the snapshot.
var ErrNotFound = errors.New("file not found")

// ErrTooLarge is returned for files over MaxFileSize.
var ErrTooLarge = errors.New("file larger than 1 MiB")

// File is one regular file of a snapshot.
type File struct {
	// Path is slash-separated and relative to the snapshot root, with no leading "./".
	Path string
	// Size is the file size in bytes.
	Size int64
	// Ref identifies the content, such as a git blob SHA; empty when unknown.
	Ref string
}

// Skipped is a file the snapshot will not let checks read, and why.
type Skipped struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// Snapshot is a read-only view of a repository's files.
type Snapshot interface {
	// Files lists every regular file, sorted by Path.
	Files() []File
	// ReadFile returns a file's content, ErrNotFound or ErrTooLarge.
	ReadFile(path string) ([]byte, error)
	// Skipped lists entries that exist but are not offered to checks: symbolic links that
	// leave the tree, special files and unreadable entries.
	Skipped() []Skipped
}

// Lookup finds the file at p in a sorted file list.
func Lookup(files []File, p string) (File, bool) {
	i := sort.Search(len(files), func(i int) bool { return files[i].Path >= p })
	if i < len(files) && files[i].Path == p {
		return files[i], true
	}
	return File{}, false
}

// Clean normalises a user-supplied path to the snapshot's form, or returns "" when the path
// would leave the root.
func Clean(p string) string {
	p = path.Clean("/" + strings.TrimSpace(strings.ReplaceAll(p, "\\", "/")))
	return strings.TrimPrefix(p, "/")
}

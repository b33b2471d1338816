package store

import (
	"io/fs"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoadMigrations(t *testing.T) {
	tests := map[string]struct {
		files    map[string]string
		want     []int
		wantErrs string
	}{
		"sorted by version": {
			files: map[string]string{"0010_b.sql": "b", "0002_a.sql": "a", "0001_init.sql": "i"},
			want:  []int{1, 2, 10},
		},
		"duplicate version": {
			files:    map[string]string{"0001_a.sql": "a", "001_b.sql": "b"},
			wantErrs: "share version 1",
		},
		"no version":    {files: map[string]string{"init.sql": "x"}, wantErrs: "want NNNN_name.sql"},
		"not sql":       {files: map[string]string{"0001_init.txt": "x"}, wantErrs: "want NNNN_name.sql"},
		"zero version":  {files: map[string]string{"0000_init.sql": "x"}, wantErrs: "want NNNN_name.sql"},
		"missing dir":   {files: map[string]string{}, wantErrs: "read migrations/sqlite"},
		"single":        {files: map[string]string{"7_only.sql": "x"}, want: []int{7}},
		"text is kept":  {files: map[string]string{"0001_a.sql": "CREATE TABLE t (x INT);"}, want: []int{1}},
		"nested is bad": {files: map[string]string{"sub/0001_a.sql": "x"}, wantErrs: "want NNNN_name.sql"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for n, body := range tc.files {
				fsys["migrations/sqlite/"+n] = &fstest.MapFile{Data: []byte(body)}
			}
			got, err := loadMigrations(fsys, EngineSQLite)
			if tc.wantErrs != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErrs) {
					t.Fatalf("err = %v, want one containing %q", err, tc.wantErrs)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var versions []int
			for _, m := range got {
				versions = append(versions, m.version)
				if m.sql != tc.files[m.name] {
					t.Errorf("%s: sql = %q, want %q", m.name, m.sql, tc.files[m.name])
				}
			}
			if !reflect.DeepEqual(versions, tc.want) {
				t.Errorf("versions = %v, want %v", versions, tc.want)
			}
		})
	}
}

// TestDialectsHaveTheSameMigrations keeps the SQLite and PostgreSQL schema
// histories in step.
func TestDialectsHaveTheSameMigrations(t *testing.T) {
	names := map[string][]string{}
	for _, engine := range []string{EngineSQLite, EnginePostgres} {
		ms, err := loadMigrations(migrationFS, engine)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			names[engine] = append(names[engine], m.name)
		}
	}
	if len(names[EngineSQLite]) == 0 || !reflect.DeepEqual(names[EngineSQLite], names[EnginePostgres]) {
		t.Errorf("migrations differ: sqlite %v, postgres %v", names[EngineSQLite], names[EnginePostgres])
	}
	entries, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil || len(entries) != 2 {
		t.Errorf("migrations/ holds %d entries (%v), want one directory per engine", len(entries), err)
	}
}

package reconcile

import (
	"context"
	"fmt"
	"strings"

	"github.com/prchq/prc/app/gh"
)

// memGitHub's comment ids encode the issue number and the comment's place among its comments,
// which never moves, as comments are not deleted here.
func memCommentID(number, index int) int64 { return int64(number)<<20 | int64(index+1) }

func (m *memGitHub) PostComment(_ context.Context, owner, name string, number int, body string) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.call("PostComment"); err != nil {
		return 0, err
	}
	r, err := m.repoLocked(owner, name)
	if err != nil {
		return 0, err
	}
	r.comments[number] = append(r.comments[number], body)
	return memCommentID(number, len(r.comments[number])-1), nil
}

func (m *memGitHub) EditComment(_ context.Context, owner, name string, id int64, body string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.call("EditComment"); err != nil {
		return err
	}
	r, err := m.repoLocked(owner, name)
	if err != nil {
		return err
	}
	number, index := int(id>>20), int(id&(1<<20-1))-1
	if index < 0 || index >= len(r.comments[number]) {
		return fmt.Errorf("comment %d: %w", id, gh.ErrNotFound)
	}
	r.comments[number][index] = body
	return nil
}

func (m *memGitHub) FindComment(_ context.Context, owner, name string, number int, marker string) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.call("FindComment"); err != nil {
		return 0, err
	}
	r, err := m.repoLocked(owner, name)
	if err != nil {
		return 0, err
	}
	for i, c := range r.comments[number] {
		if strings.Contains(c, marker) {
			return memCommentID(number, i), nil
		}
	}
	return 0, nil
}

package gh

import "context"

// CommentEditor is the part of Client for comments the app keeps up to date after posting them.
type CommentEditor interface {
	// PostComment posts a comment on an issue or pull request and returns its id.
	PostComment(ctx context.Context, owner, repo string, number int, body string) (int64, error)
	// EditComment replaces the body of comment id; ErrNotFound when it was deleted.
	EditComment(ctx context.Context, owner, repo string, id int64, body string) error
	// FindComment returns the id of the oldest comment on an issue whose body contains marker,
	// or 0 when there is none.
	FindComment(ctx context.Context, owner, repo string, number int, marker string) (int64, error)
}

// Package githubfake is a stateful, in-memory fake of the parts of GitHub's
// REST API that prc uses, for tests and benchmarks.
//
// A Fake runs an httptest.Server with a gorilla/mux router. It issues
// installation tokens to clients that present a JWT signed with the fake
// app's key (so the real ghinstallation transport runs), keeps repositories
// as content-addressed git objects (blobs, trees, commits, branches), and
// keeps issues, comments, labels, pull requests, check runs and collaborator
// permissions. Responses use go-github's JSON field names, carry rate-limit
// headers, and page with Link headers like GitHub does.
//
// Tests set state up with methods such as AddInstallation, AddRepo, Push and
// OpenPullRequest, act as people with EditIssueBodyAs or CloseIssueAs, inject
// faults with Fail, and assert on the final state with Issues, Comments,
// Labels, CheckRuns and Requests. Any request for a route the fake does not
// know answers 404 and fails the test.
//
// The embedded RSA key (insecure_test_app_key.pem) exists only for tests;
// it protects nothing.
package githubfake

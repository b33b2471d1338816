package githubfake

import (
	"net/http"

	"github.com/gorilla/mux"
)

// routes builds the router. Order matters where templates overlap: the more
// specific route comes first.
func (f *Fake) routes() *mux.Router {
	m := mux.NewRouter().SkipClean(true)
	m.NotFoundHandler = http.HandlerFunc(f.unhandled)
	m.MethodNotAllowedHandler = http.HandlerFunc(f.unhandled)
	app := func(method, tmpl string, h handler) { m.Handle(tmpl, f.wrap(authApp, h)).Methods(method) }
	inst := func(method, tmpl string, h handler) { m.Handle(tmpl, f.wrap(authInstallation, h)).Methods(method) }

	app("GET", "/app", getApp)
	f.webRoutes(m)
	app("POST", "/app/installations/{id:[0-9]+}/access_tokens", createToken)
	app("GET", "/app/installations/{id:[0-9]+}", getInstallation)
	app("GET", "/app/hook/deliveries", listHookDeliveries)
	app("POST", "/app/hook/deliveries/{id:[0-9]+}/attempts", redeliver)
	inst("GET", "/installation/repositories", listInstallationRepos)
	inst("GET", repoRoute, getRepo)
	inst("GET", repoRoute+"/collaborators/{user}/permission", getPermission)
	gitRoutes(inst)
	issueRoutes(inst)
	checkRoutes(inst)
	propertyRoutes(inst)
	return m
}

const repoRoute = "/repos/{owner}/{repo}"

type addRoute func(method, tmpl string, h handler)

func gitRoutes(add addRoute) {
	const r = repoRoute
	add("GET", r+"/branches/{branch:.+}", getBranch)
	add("GET", r+"/git/ref/{ref:.+}", getRef)
	add("GET", r+"/git/refs/{ref:.+}", getRefs)
	add("GET", r+"/commits/{ref:.+}/check-runs", listCheckRunsForRef)
	add("GET", r+"/commits/{ref:.+}", getRepoCommit)
	add("GET", r+"/git/commits/{sha}", getGitCommit)
	add("GET", r+"/git/trees/{sha:.+}", getTree)
	add("GET", r+"/git/blobs/{sha}", getBlob)
	add("GET", r+"/contents/{path:.*}", getContents)
}

func issueRoutes(add addRoute) {
	const r, n = repoRoute, "/issues/{number:[0-9]+}"
	add("GET", r+"/issues", listIssues)
	add("POST", r+"/issues", createIssue)
	add("GET", r+"/issues/comments/{id:[0-9]+}", getComment)
	add("PATCH", r+"/issues/comments/{id:[0-9]+}", editComment)
	add("DELETE", r+"/issues/comments/{id:[0-9]+}", deleteComment)
	add("GET", r+n, getIssue)
	add("PATCH", r+n, editIssue)
	add("GET", r+n+"/comments", listComments)
	add("POST", r+n+"/comments", createComment)
	add("GET", r+"/labels", listRepoLabels)
	add("POST", r+"/labels", createLabel)
	add("GET", r+"/labels/{name:.+}", getLabel)
	add("GET", r+n+"/labels", listIssueLabels)
	add("POST", r+n+"/labels", addIssueLabels)
	add("DELETE", r+n+"/labels/{name:.+}", removeIssueLabel)
	add("GET", r+"/pulls", listPulls)
	add("GET", r+"/pulls/{number:[0-9]+}", getPull)
}

func checkRoutes(add addRoute) {
	const r = repoRoute
	add("POST", r+"/check-runs", createCheckRun)
	add("GET", r+"/check-runs/{id:[0-9]+}", getCheckRun)
	add("PATCH", r+"/check-runs/{id:[0-9]+}", updateCheckRun)
	add("GET", r+"/check-runs/{id:[0-9]+}/annotations", listAnnotations)
}

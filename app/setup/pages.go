package setup

import (
	"bytes"
	"html/template"
	"net/http"
)

type pageData struct {
	Org, Action, Manifest, Problem string
}

type message struct {
	Title, Text, Link string
}

const style = `<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5}
button{font-size:1rem;padding:.5rem 1rem}.problem{color:#b00}</style>`

var setupPage = template.Must(template.New("setup").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Set up prc</title>` + style + `</head><body>
<h1>Set up prc</h1>
<p>prc has no GitHub App yet. Register one from its manifest: GitHub shows what it will create, then
sends you back here, and prc starts with the new App.</p>
{{if .Problem}}<p class="problem">{{.Problem}}</p>{{end}}
<form method="get" action="/">
<label>Organisation (leave empty for your personal account):
<input name="org" value="{{.Org}}" pattern="[A-Za-z0-9][A-Za-z0-9-]{0,38}"></label>
<button type="submit">Use this organisation</button>
</form>
<form id="register" method="post" action="{{.Action}}">
<input type="hidden" name="manifest" value="{{.Manifest}}">
<p><button type="submit">Register the GitHub App{{if .Org}} for {{.Org}}{{end}}</button></p>
</form>
</body></html>`))

var messagePage = template.Must(template.New("message").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Title}}</title>` + style + `</head><body>
<h1>{{.Title}}</h1><p>{{.Text}}</p><p><a href="{{.Link}}">Continue</a></p>
</body></html>`))

// render executes t into a buffer first, so a template error is a 500 rather than half a page.
func render(w http.ResponseWriter, status int, t *template.Template, data any) {
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		http.Error(w, "render page: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b.Bytes())
}

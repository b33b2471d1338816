// Package templates holds the text/template files prc renders for people on GitHub: the PRC
// issue body today, check-run summaries later. The files are embedded in the binary; the
// renderers that fill them live with the data they render (checklist/render).
package templates

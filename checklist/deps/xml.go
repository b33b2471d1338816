package deps

import (
	"encoding/xml"
	"errors"
	"io"
	"strings"
)

// readPom reads the <dependency> elements of a Maven pom.xml as "groupId:artifactId". Those
// under <dependencyManagement> only pin versions and those under <plugin> belong to build
// plugins, so both are left out.
func readPom(path string, data []byte) ([]Dependency, error) {
	dec := xml.NewDecoder(strings.NewReader(string(data)))
	p := &pomReader{path: path}
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return p.out, nil
		}
		if err != nil {
			return p.out, wrap(path, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			line, _ := dec.InputPos()
			p.start(t.Name.Local, line)
		case xml.CharData:
			p.text(string(t))
		case xml.EndElement:
			p.end(t.Name.Local)
		}
	}
}

// pomReader follows the element stack of a pom.xml and collects its dependencies.
type pomReader struct {
	path            string
	stack           []string
	cur             *Dependency
	group, artifact string
	out             []Dependency
}

func (p *pomReader) start(name string, line int) {
	p.stack = append(p.stack, name)
	if name == "dependency" && !within(p.stack, "dependencyManagement", "plugin") {
		p.cur, p.group, p.artifact = &Dependency{Ecosystem: Maven, Path: p.path, Line: line}, "", ""
	}
}

func (p *pomReader) text(s string) {
	if p.cur == nil || len(p.stack) < 2 || p.stack[len(p.stack)-2] != "dependency" {
		return
	}
	switch p.stack[len(p.stack)-1] {
	case "groupId":
		p.group += strings.TrimSpace(s)
	case "artifactId":
		p.artifact += strings.TrimSpace(s)
	}
}

func (p *pomReader) end(name string) {
	if name == "dependency" && p.cur != nil {
		p.cur.Name = p.group + ":" + p.artifact
		p.out = append(p.out, *p.cur)
		p.cur = nil
	}
	if len(p.stack) > 0 {
		p.stack = p.stack[:len(p.stack)-1]
	}
}

// within reports whether any enclosing element (all but the last of stack) is one of names.
func within(stack []string, names ...string) bool {
	for _, s := range stack[:len(stack)-1] {
		for _, n := range names {
			if s == n {
				return true
			}
		}
	}
	return false
}

// readProjectFile reads the <PackageReference Include="..."> items of a .NET project file.
func readProjectFile(path string, data []byte) ([]Dependency, error) {
	return readXMLAttr(path, data, "PackageReference", "Include")
}

// readPackagesConfig reads the <package id="..."> entries of a NuGet packages.config.
func readPackagesConfig(path string, data []byte) ([]Dependency, error) {
	return readXMLAttr(path, data, "package", "id")
}

func readXMLAttr(path string, data []byte, element, attr string) ([]Dependency, error) {
	dec := xml.NewDecoder(strings.NewReader(string(data)))
	var out []Dependency
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, wrap(path, err)
		}
		start, ok := tok.(xml.StartElement)
		if !ok || start.Name.Local != element {
			continue
		}
		for _, a := range start.Attr {
			if strings.EqualFold(a.Name.Local, attr) && a.Value != "" {
				line, _ := dec.InputPos()
				out = append(out, Dependency{Name: a.Value, Ecosystem: NuGet, Path: path, Line: line})
			}
		}
	}
}

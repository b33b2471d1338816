package checks

import (
	"github.com/prchq/prc/checklist/yamlx"
	"gopkg.in/yaml.v3"
)

func compileCEL(file string, n *yaml.Node) (Check, error) {
	return nil, yamlx.At(file, n, "", "check type cel is not implemented yet")
}

package checks

import (
	"github.com/prchq/prc/checklist/yamlx"
	"gopkg.in/yaml.v3"
)

func compileCI(file string, n *yaml.Node) (Check, error) {
	return nil, yamlx.At(file, n, "", "check type ci is not implemented yet")
}

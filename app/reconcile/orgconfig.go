package reconcile

import (
	"github.com/prchq/prc/checklist/yamlx"
)

func parseOrgConfig(file string, data []byte) (orgConfig, error) {
	var cfg orgConfig
	n, err := yamlx.Parse(file, data)
	if err != nil {
		return cfg, err
	}
	if err := yamlx.Decode(file, n, &cfg); err != nil {
		return cfg, err
	}
	switch cfg.Onboard {
	case "", "opt-in", "all":
		return cfg, nil
	default:
		return cfg, yamlx.At(file, yamlx.Get(n, "onboard"), "", "onboard must be opt-in or all, got %q", cfg.Onboard)
	}
}

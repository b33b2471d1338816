package main

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/orgconfig"
)

// isOrgConfig reports whether file is an organisation configuration, prc/config.yml as kept in
// the organisation's .github repository.
func isOrgConfig(file string) bool {
	base := filepath.Base(file)
	return (base == "config.yml" || base == "config.yaml") && filepath.Base(filepath.Dir(file)) == "prc"
}

// validateOrgConfig checks an organisation configuration, then that its campaigns name items of c.
func validateOrgConfig(file string, c *checklist.Checklist) (string, error) {
	data, err := readBounded(file)
	if err != nil {
		return "", err
	}
	cfg, err := orgconfig.Parse(file, data)
	if err != nil {
		return "", err
	}
	var errs []error
	for _, camp := range cfg.Campaigns {
		for _, id := range camp.Items {
			if _, ok := c.Item(id); !ok {
				errs = append(errs, fmt.Errorf("%s: campaign %s names item %q, which %s version %s does not have", file, camp.ID, id, c.Name, c.Version))
			}
		}
	}
	if err := errors.Join(errs...); err != nil {
		return "", err
	}
	n := len(cfg.Campaigns)
	return fmt.Sprintf("organisation config, onboard %s, %d %s, checked against %s version %s", cfg.Onboard, n, plural(n, "campaign", "campaigns"), c.Name, c.Version), nil
}

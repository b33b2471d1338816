package reconcile

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/prchq/prc/app/gh"
	"github.com/prchq/prc/app/store"
	"github.com/prchq/prc/checklist"
	"github.com/prchq/prc/checklist/orgconfig"
	"github.com/prchq/prc/checklist/repoconfig"
)

// Where an organisation keeps its prc settings: in the prc/ folder of its `.github` repository.
const (
	OrgRepo          = ".github"
	OrgSettingsDir   = "prc/"
	OrgChecklistPath = OrgSettingsDir + "checklist.yaml"
	OrgConfigPath    = OrgSettingsDir + "config.yml"
)

// OrgSettingsChanged reports whether a change of paths in repository repo changes the
// organisation's prc settings, which every repository of the installation is judged by.
func OrgSettingsChanged(repo string, paths []string) bool {
	return repo == OrgRepo && slices.ContainsFunc(paths, func(p string) bool { return strings.HasPrefix(p, OrgSettingsDir) })
}

// Rules are what a repository is judged by: the checklist and the repository configuration, both
// read from default branches, never from a pull request.
type Rules struct {
	Checklist *checklist.Checklist
	Config    *repoconfig.Config
	// OptedIn is set when the repository has a .github/prc.yml, valid or not.
	OptedIn bool
	// OnboardAll is set when the organisation onboards every repository.
	OnboardAll bool
	// Org is the organisation's configuration; its defaults when the file is absent or invalid.
	Org *orgconfig.Config
	// Problems are broken files that were replaced by their last good version or the default.
	Problems []string
	// org is what the organisation's settings were read as, part of the evaluation's key.
	org orgFiles
	// configIgnored is set when prc.yml is invalid with no good version to fall back on, so
	// the services evaluated are not the ones it lists.
	configIgnored bool
}

func (r *Reconciler) loadRules(ctx context.Context, client gh.Client, installationID int64, repo gh.Repo) (Rules, error) {
	var rules Rules
	var err error
	if rules.org, err = r.readOrgFiles(ctx, client, installationID, repo.Owner); err != nil {
		return rules, err
	}
	if rules.Checklist, err = r.orgChecklist(ctx, rules.org.checklist, installationID, repo.Owner, &rules); err != nil {
		return rules, err
	}
	rules.Org = orgSettings(rules.org.config, repo.Owner, &rules)
	rules.OnboardAll = rules.Org.Onboard == orgconfig.OnboardAll
	rules.Config, err = r.repoConfig(ctx, client, repo, &rules)
	return rules, err
}

// orgChecklist reads the organisation's checklist; a broken one keeps the last good one in force.
func (r *Reconciler) orgChecklist(ctx context.Context, data []byte, installationID int64, owner string, rules *Rules) (*checklist.Checklist, error) {
	if data == nil {
		return r.defaultChecklist, nil
	}
	source := owner + "/" + OrgRepo + "/" + OrgChecklistPath
	c, perr := checklist.Parse(source, data)
	if perr == nil {
		return c, r.store.SaveGoodChecklist(ctx, installationID, data, c.Version)
	}
	good, gerr := r.store.GoodChecklist(ctx, installationID)
	if gerr == nil {
		if c, err := checklist.Parse(source, good); err == nil {
			rules.Problems = append(rules.Problems, fmt.Sprintf("The organisation checklist is invalid, so its last good version %s is in force: %v", c.Version, perr))
			return c, nil
		}
	} else if !errors.Is(gerr, store.ErrNotFound) {
		return nil, gerr
	}
	rules.Problems = append(rules.Problems, fmt.Sprintf("The organisation checklist is invalid, so the built-in checklist is in force: %v", perr))
	return r.defaultChecklist, nil
}

// orgSettings parses the organisation's `prc/config.yml`; an invalid one is reported and
// replaced by the defaults.
func orgSettings(data []byte, owner string, rules *Rules) *orgconfig.Config {
	if data == nil {
		return orgconfig.Defaults()
	}
	cfg, perr := orgconfig.Parse(owner+"/"+OrgRepo+"/"+OrgConfigPath, data)
	if perr != nil {
		rules.Problems = append(rules.Problems, fmt.Sprintf("The organisation configuration is invalid and was ignored: %v", perr))
		return orgconfig.Defaults()
	}
	return cfg
}

// repoConfig reads .github/prc.yml from the default branch; a broken one keeps the last good one.
func (r *Reconciler) repoConfig(ctx context.Context, client gh.Client, repo gh.Repo, rules *Rules) (*repoconfig.Config, error) {
	data, err := client.ReadFile(ctx, repo.Owner, repo.Name, repo.DefaultBranch, repoconfig.Path)
	if errors.Is(err, gh.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", repoconfig.Path, err)
	}
	rules.OptedIn = true
	cfg, perr := repoconfig.Parse(repoconfig.Path, data)
	if perr == nil {
		return cfg, r.store.SaveGoodConfig(ctx, repo.ID, data)
	}
	good, gerr := r.store.GoodConfig(ctx, repo.ID)
	if gerr != nil && !errors.Is(gerr, store.ErrNotFound) {
		return nil, gerr
	}
	if gerr == nil {
		if cfg, err := repoconfig.Parse(repoconfig.Path, good); err == nil {
			rules.Problems = append(rules.Problems, fmt.Sprintf("%s is invalid, so its last good version is in force: %v", repoconfig.Path, perr))
			return cfg, nil
		}
	}
	rules.Problems = append(rules.Problems, fmt.Sprintf("%s is invalid and was ignored: %v", repoconfig.Path, perr))
	rules.configIgnored = true
	return nil, nil
}

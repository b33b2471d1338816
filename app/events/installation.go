package events

import (
	"context"

	"github.com/google/go-github/v60/github"
	"github.com/prchq/prc/app/jobs"
	"github.com/prchq/prc/app/store"
	"github.com/riverqueue/river"
)

// installation keeps the store's view of an installation. A new one has the repositories its
// payload lists reconciled (each onboards if it opted in), or is backfilled when it lists none.
func (d *Dispatcher) installation(ctx context.Context, payload []byte) ([]river.JobArgs, error) {
	var ev github.InstallationEvent
	if err := decode(payload, &ev); err != nil {
		return nil, err
	}
	inst := ev.GetInstallation()
	switch ev.GetAction() {
	case "created", "new_permissions_accepted":
		acct := inst.GetAccount()
		if err := d.store.UpsertInstallation(ctx, store.Installation{ID: inst.GetID(), Account: acct.GetLogin(), AccountType: acct.GetType()}); err != nil {
			return nil, err
		}
		if len(ev.Repositories) == 0 {
			return []river.JobArgs{jobs.BackfillArgs{InstallationID: inst.GetID()}}, nil
		}
		var out []river.JobArgs
		for _, r := range ev.Repositories {
			sr := storeRepo(inst, r)
			if sr.Owner == "" {
				sr.Owner = acct.GetLogin()
			}
			if err := d.store.UpsertRepository(ctx, sr); err != nil {
				return nil, err
			}
			out = append(out, jobs.ReconcileArgs{Repo: jobs.Repo{InstallationID: inst.GetID(), Owner: sr.Owner, Name: sr.Name}, Reason: "app installed"})
		}
		return out, nil
	case "deleted":
		if err := d.store.DeleteInstallation(ctx, inst.GetID()); err != nil {
			return nil, err
		}
		d.forget(inst.GetID())
		return nil, nil
	case "suspend":
		return nil, d.store.SetInstallationSuspended(ctx, inst.GetID(), true)
	case "unsuspend":
		return []river.JobArgs{jobs.BackfillArgs{InstallationID: inst.GetID()}}, d.store.SetInstallationSuspended(ctx, inst.GetID(), false)
	}
	return nil, nil
}

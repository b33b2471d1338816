// Package campaign judges organisation campaigns (checklist/orgconfig) against a service's
// results: whether a campaign covers the service, when its items are due, and whether the
// service has done what the campaign asks. It is pure, like the rest of checklist.
package campaign

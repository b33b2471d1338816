// Package orgconfig reads an organisation's prc settings, `prc/config.yml` in its `.github`
// repository: how repositories are onboarded, which topics and custom properties mark a launch,
// reminder cadence, campaigns and the monthly report.
package orgconfig

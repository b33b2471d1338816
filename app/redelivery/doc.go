// Package redelivery recovers webhooks GitHub failed to deliver. GitHub does not redeliver by
// itself: on start and every PRC_REDELIVERY_INTERVAL a River job reads the App's delivery log
// for GitHub's three-day window and asks again for every GUID that no attempt delivered and
// that prc has not recorded. Redeliveries arrive under the same GUID and are deduplicated like
// any delivery.
package redelivery

package jobs

// Kinds lists the kind of every job prc runs, for the queue-depth metric.
func Kinds() []string {
	return []string{DeliveryArgs{}.Kind(), ReconcileArgs{}.Kind(), ReviewEditArgs{}.Kind(), LaunchArgs{}.Kind(),
		CheckArgs{}.Kind(), IssueStateArgs{}.Kind(), BackfillArgs{}.Kind(), ResyncArgs{}.Kind()}
}

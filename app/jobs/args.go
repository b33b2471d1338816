package jobs

// DeliveryArgs asks a worker to process one recorded webhook delivery.
type DeliveryArgs struct {
	HookID     int64  `json:"hook_id"`
	DeliveryID string `json:"delivery_id"`
}

// Kind implements river.JobArgs.
func (DeliveryArgs) Kind() string { return "delivery" }

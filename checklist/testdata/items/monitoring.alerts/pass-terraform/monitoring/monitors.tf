resource "datadog_monitor" "latency" {
  name  = "API latency"
  type  = "metric alert"
  query = "avg(last_5m):avg:api.latency{*} > 0.5"
}

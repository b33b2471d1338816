resource "google_monitoring_slo" "api" {
  service      = google_monitoring_custom_service.api.service_id
  goal         = 0.999
  rolling_period_days = 28
}

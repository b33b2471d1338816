resource "grafana_dashboard" "api" {
  config_json = file("${path.module}/api.json")
}

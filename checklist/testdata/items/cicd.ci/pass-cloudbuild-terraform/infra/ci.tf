resource "google_cloudbuild_trigger" "pull_requests" {
  name = "pr"
  github {
    owner = "example"
    name  = "app"
    pull_request {
      branch = "^main$"
    }
  }
  filename = "cloudbuild.yaml"
}

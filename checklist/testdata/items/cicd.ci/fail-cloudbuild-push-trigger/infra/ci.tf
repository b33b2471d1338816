resource "google_cloudbuild_trigger" "main" {
  github {
    owner = "example"
    name  = "app"
    push {
      branch = "^main$"
    }
  }
  filename = "cloudbuild.yaml"
}

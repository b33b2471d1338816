module github.com/acme/hostile-api

go 1.22

require go.opentelemetry.io/otel v1.27.0

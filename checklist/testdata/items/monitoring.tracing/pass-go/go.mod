module example.com/svc

go 1.22

require (
	github.com/go-chi/chi/v5 v5.0.12
	go.opentelemetry.io/otel v1.24.0
	go.opentelemetry.io/otel/sdk v1.24.0
)

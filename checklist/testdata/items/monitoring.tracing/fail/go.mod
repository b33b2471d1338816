module example.com/svc

go 1.22

require (
	cloud.google.com/go/storage v1.40.0
	go.opentelemetry.io/otel v1.24.0 // indirect
)

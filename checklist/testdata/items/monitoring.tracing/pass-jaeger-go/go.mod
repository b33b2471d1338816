module example.com/orders

go 1.22

require github.com/uber/jaeger-client-go v2.30.0+incompatible

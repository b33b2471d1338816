module example.com/svc

go 1.22

require github.com/bugsnag/bugsnag-go/v2 v2.3.0

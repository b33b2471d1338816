#!/bin/sh
set -eu
docker run --rm -v /var/run/docker.sock:/var/run/docker.sock aquasec/trivy:0.57.0 image --exit-code 1 "$1"

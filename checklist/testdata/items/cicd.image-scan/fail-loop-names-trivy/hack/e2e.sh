#!/usr/bin/env bash
set -euo pipefail
# The scanner component is deployed, not run: trivy is a name here.
kubectl apply -f deploy/
kubectl wait --for=condition=Available deployment/trivy --timeout=120s

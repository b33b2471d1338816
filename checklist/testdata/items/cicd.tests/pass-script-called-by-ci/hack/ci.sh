#!/usr/bin/env bash
set -euo pipefail
case "$1" in
  unit)
    source hack/lib.sh
    run_unit
    ;;
esac

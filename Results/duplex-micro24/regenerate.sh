#!/usr/bin/env bash
# Rewrites this folder's CSVs: the Duplex paper's serving experiments (docs/reproduction.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
exec scripts/reproduce-duplex-micro24.sh "${1:-2}"

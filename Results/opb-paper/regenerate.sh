#!/usr/bin/env bash
# Op/B per operator class for the Duplex paper's roofline points (docs/opb.md).
# Rewrites the CSVs of this folder byte for byte; run from anywhere.
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build --product duplexsim >/dev/null
run() { .build/debug/duplexsim opb --lin 2048 --lout 1024 --batch 32,64,128 --seed 1 --samples 8 "$@" >/dev/null; }
run --model mixtral-8x7b --phase decode --csv Results/opb-paper/mixtral-8x7b-decode.csv
run --model glam-143b --phase decode --csv Results/opb-paper/glam-143b-decode.csv
run --model mixtral-8x7b --phase mixed --csv Results/opb-paper/mixtral-8x7b-mixed.csv

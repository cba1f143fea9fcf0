#!/usr/bin/env bash
# Entry point: ./build.sh <target> (up, down, status, test, bench, build). Restores the local dotnet tools,
# then runs build.cake with Cake.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
target=${1:-build}
shift || true
dotnet tool restore >/dev/null
exec dotnet cake build.cake --target="$target" "$@"

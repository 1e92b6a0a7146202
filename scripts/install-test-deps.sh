#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian 12 machine: the PostgreSQL server binaries
# (the suite starts its own throwaway cluster) and Chromium (driven by playwright-core for the browser
# tests). Idempotent: does nothing when they are present.
set -euo pipefail

need=()
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need+=(postgresql)
command -v chromium >/dev/null || need+=(chromium)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi

echo "install-test-deps: installing ${need[*]}" >&2
sudo=''
if [ "$(id -u)" -ne 0 ]; then sudo='sudo'; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null

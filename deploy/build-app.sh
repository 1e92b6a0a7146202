#!/usr/bin/env bash
# The one recipe for what the image holds (issue 26): the Dockerfile's build stage runs it, and
# scripts/image-tree.sh runs it on a machine without a container runtime, so the two cannot drift.
#   deploy/build-app.sh OUT_DIR
# Needs the source tree's dependencies installed (npm ci) for the builds. Puts into OUT_DIR the
# application files (package.json, package-lock.json, src/ for the CLI, bin/, the server's build, the
# built Admin Center) and its production dependencies only.
set -euo pipefail
out=${1:?usage: deploy/build-app.sh OUT_DIR}
root=$(cd "$(dirname "$0")/.." && pwd)

# 1. The Admin Center, built with the source tree's dev dependencies (vite, openapi-typescript);
#    ADMIN_CENTER_BUILT=1 takes the build already in admin-ui/dist (the test suite makes it first).
if [ "${ADMIN_CENTER_BUILT:-}" != 1 ]; then (cd "$root" && npm run -s build:admin); fi
test -f "$root/admin-ui/dist/index.html" || { echo "build-app.sh: no Admin Center build" >&2; exit 1; }

# 1b. The server's ahead-of-time build (build/server/start.mjs, what the image starts).
(cd "$root" && node scripts/build-server.ts --if-stale)

# 2. The application files, nothing else (no tests, benchmarks, docs or dev tooling).
mkdir -p "$out/admin-ui" "$out/build"
cp "$root/package.json" "$root/package-lock.json" "$out/"
cp -R "$root/src" "$root/bin" "$out/"
cp -R "$root/admin-ui/dist" "$out/admin-ui/dist"
cp -R "$root/build/server" "$out/build/server"

# 3. Production dependencies only, exactly as locked; no install scripts (prepare builds the Admin
#    Center, which is already built).
(cd "$out" && npm ci --omit=dev --ignore-scripts --no-audit --no-fund --prefer-offline --loglevel=error)

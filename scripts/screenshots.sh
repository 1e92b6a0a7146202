#!/usr/bin/env bash
# `npm run screenshots`: takes the README's and the docs' screenshots again from the real thing — the
# Admin Center's guided set-up (the journey test, in Chromium against SimpleSAMLphp), the Admin Center's
# pages and the login pages — and copies them into docs/screenshots/. SQLite only; a minute or two.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-deps.sh
npm run -s build:admin >/dev/null
DIALECTS=sqlite node --test --test-concurrency=1 --test-reporter=dot \
  test/http/admin-center/journey.test.ts \
  test/http/admin-center/admin-center.test.ts \
  test/http/login/page-layout.test.ts
for name in admin-setup-start admin-setup-guide admin-setup-done admin-test-result admin-overview \
  admin-sso-profile login-email-desktop login-email-phone login-error-desktop login-error-phone; do
  cp "test-output/$name.png" "docs/screenshots/$name.png"
done
echo "screenshots: docs/screenshots/ updated"

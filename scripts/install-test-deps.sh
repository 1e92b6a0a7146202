#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian 12 machine: the PostgreSQL server binaries
# (the suite starts its own throwaway cluster), Chromium (driven by playwright-core for the browser tests)
# SimpleSAMLphp with PHP (a real IdP for the SAML tests) and nginx (TLS in front, the deployment test). Idempotent: does nothing when they are present.
set -euo pipefail

need=()
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need+=(postgresql)
command -v chromium >/dev/null || need+=(chromium)
# SimpleSAMLphp is the independent IdP of the SAML end-to-end tests, served by PHP's built-in server.
[ -d /usr/share/simplesamlphp/www ] || need+=(simplesamlphp)
command -v php >/dev/null || need+=(php-cli)
php -m 2>/dev/null | grep -qi '^xml$' || need+=(php-xml)
# xmlsec1 signs part of the SAML verifier's differential corpus: a signer that is not xml-crypto.
command -v xmlsec1 >/dev/null || need+=(xmlsec1)
# nginx terminates TLS in front of two instances in the deployment test (deploy/nginx/portcullis.conf);
# openssl makes its throwaway certificates.
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx)
command -v openssl >/dev/null || need+=(openssl)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi

echo "install-test-deps: installing ${need[*]}" >&2
sudo=''
if [ "$(id -u)" -ne 0 ]; then sudo='sudo'; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
# The tests start nginx themselves on free ports; the package's own service is not wanted.
if [[ " ${need[*]} " == *" nginx "* ]] && command -v systemctl >/dev/null; then
  $sudo systemctl disable --now nginx >/dev/null 2>&1 || true
fi

#!/usr/bin/env bash
# A throwaway certificate authority and a server certificate signed by it, for trials and tests only
# (issue 26): trust ca.pem in the browser you try with; never use these in production.
#   deploy/nginx/throwaway-certificate.sh OUT_DIR [HOST]   → OUT_DIR/{ca.pem,cert.pem,key.pem}
set -euo pipefail
out=${1:?usage: throwaway-certificate.sh OUT_DIR [HOST]}
host=${2:-localhost}
mkdir -p "$out"
cd "$out"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
  -subj "/CN=Portcullis throwaway CA" -keyout ca-key.pem -out ca.pem \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$host" \
  -keyout key.pem -out server.csr 2>/dev/null
printf 'subjectAltName=DNS:%s,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' "$host" > server.ext
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 30 \
  -extfile server.ext -out cert.pem 2>/dev/null
rm -f server.csr server.ext ca.srl
chmod 0644 ca.pem cert.pem
chmod 0600 key.pem ca-key.pem

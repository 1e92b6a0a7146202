#!/usr/bin/env bash
# The image without a container runtime (issue 26): builds the file tree the Dockerfile's stages
# produce — with the same recipe, deploy/build-app.sh — into a staging directory, makes the application
# read-only (owned by root, a=rX), and starts it as an unprivileged user with deploy/image.env's
# environment, where only the data directory (the image's volume) is writable.
#   scripts/image-tree.sh build DIR        stage the tree into DIR/app (and DIR/data)
#   scripts/image-tree.sh start DIR PORT   start it; prints the server's PID (stop it with kill PID)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
node_bin=${PORTCULLIS_NODE:-$root/node_modules/node/bin/node}
user=${IMAGE_USER:-nobody}
group=$(id -gn "$user")

case "${1:-}" in
  build)
    dir=${2:?usage: image-tree.sh build DIR}
    rm -rf "$dir/app" "$dir/data"
    chmod a+rx "$dir"   # the service user must reach the tree (a mktemp directory is 0700)
    "$root/deploy/build-app.sh" "$dir/app" >&2
    chown -R root:root "$dir/app"
    chmod -R a=rX "$dir/app"
    mkdir -p "$dir/data"
    chown "$user:$group" "$dir/data"
    chmod 0700 "$dir/data"
    ;;
  start)
    dir=${2:?usage: image-tree.sh start DIR PORT}
    port=${3:?usage: image-tree.sh start DIR PORT}
    # The image's environment; the volume and the port are where this machine has them.
    mapfile -t image_env < <(grep -Ev '^\s*(#|$)' "$root/deploy/image.env")
    cd "$dir/app"
    setpriv --reuid="$user" --regid="$group" --clear-groups \
      env -i PATH="$(dirname "$node_bin"):/usr/bin:/bin" "${image_env[@]}" \
      DATABASE_URL="sqlite:$dir/data/portcullis.sqlite" PORT="$port" \
      PUBLIC_URL="http://127.0.0.1:$port" SECRETS_KEY="${SECRETS_KEY:?SECRETS_KEY}" \
      "$node_bin" --max-semi-space-size=8 --expose-gc build/server/start.mjs >"$dir/server.log" 2>&1 &
    echo $!
    ;;
  *)
    echo "usage: image-tree.sh build DIR | start DIR PORT" >&2
    exit 2
    ;;
esac

#!/usr/bin/env bash
# Builds the operator console (web/ -> web/dist) that crmd serves at `/`. Installs the npm
# packages from package-lock.json only when the lock changed since the last install.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../web"

if ! command -v npm >/dev/null; then
  echo "build-web: npm not found; the console is not built (crmd still runs)" >&2
  exit 1
fi
stamp=node_modules/.crmd-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ ! -f $stamp || "$(cat "$stamp")" != "$want" ]]; then
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" >"$stamp"
fi
npm run --silent build

#!/usr/bin/env bash
# Builds crmd (Release) and starts it on 127.0.0.1:8000 with its embedded LMDB store in ./data
# and the built-in `default` tenant (built-in responder, no LLM needed). Installs missing Debian
# packages first. Extra arguments go to crmd (e.g. --listen 0.0.0.0:8000).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j2 --target crmd crm-audit crm-bench crm-mock
scripts/build-web.sh || echo "crmd: the console (web/) was not built; the API works without it" >&2

data_dir=${CRMD_DATA_DIR:-./data}
mkdir -p "$data_dir"
# The admin token lives in a 0600 file, never in the log.
if [[ -z "${CRMD_ADMIN_TOKEN:-}" ]]; then
  token_file="$data_dir/admin.token"
  if [[ ! -s "$token_file" ]]; then
    (umask 077; openssl rand -hex 32 >"$token_file")
  fi
  CRMD_ADMIN_TOKEN=$(cat "$token_file")
  echo "crmd: admin token is in $token_file" >&2
fi
export CRMD_ADMIN_TOKEN
exec build/bin/crmd --listen 127.0.0.1:8000 --data-dir "$data_dir" "$@"

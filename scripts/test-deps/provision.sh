#!/usr/bin/env bash
# What the tests need from outside npm, provisioned in one place for `npm test` and `.ci/run`:
#   - a Chromium for the end-to-end tests (found the way test/support/chromium.ts finds it),
#   - Debian's python3-pyvmomi (run with /usr/bin/python3) and govc built from Debian's govmomi
#     packages (scripts/test-deps/build-govmomi.sh, cached in $VMLAB_GOVMOMI_DIR) for the
#     real-client tests of the vSphere API.
# On Debian/Ubuntu as root it installs what is missing; anywhere else it stops with one line naming
# the command to run. Finding everything already there, it changes nothing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
govmomi_dir=${VMLAB_GOVMOMI_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/govmomi-0.24}

have_browser() {
  [ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ] && return 0
  [ -x /usr/bin/chromium ] && return 0
  for b in chromium chromium-browser google-chrome google-chrome-stable; do
    command -v "$b" >/dev/null 2>&1 && return 0
  done
  compgen -G "${PLAYWRIGHT_BROWSERS_PATH:-$HOME/.cache/ms-playwright}/chromium-*/chrome-linux*/chrome" >/dev/null
}
have_pyvmomi() { [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import pyVmomi' >/dev/null 2>&1; }
have_govc() { [ -x "$govmomi_dir/bin/govc" ]; }

missing=()
have_browser || missing+=(chromium)
have_pyvmomi || missing+=(python3-pyvmomi)
have_govc || missing+=(govc)
[ ${#missing[@]} -eq 0 ] && exit 0

packages=()
for m in "${missing[@]}"; do [ "$m" = govc ] || packages+=("$m"); done
debian=false
[ -f /etc/debian_version ] && command -v apt-get >/dev/null 2>&1 && debian=true

if ! $debian || [ "$(id -u)" -ne 0 ]; then
  cmd=""
  [ ${#packages[@]} -gt 0 ] && cmd="sudo apt-get install -y ${packages[*]}"
  if ! have_govc; then
    [ -n "$cmd" ] && cmd="$cmd && "
    cmd="${cmd}sudo bash scripts/test-deps/build-govmomi.sh $govmomi_dir"
  fi
  if ! $debian; then
    echo "The tests need ${missing[*]} (Debian packages; elsewhere install a Chromium, pyvmomi for /usr/bin/python3 and govc 0.24 in $govmomi_dir/bin): $cmd" >&2
  else
    echo "The tests need ${missing[*]}; run: $cmd" >&2
  fi
  exit 1
fi

echo "Installing what the tests need: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
[ ${#packages[@]} -gt 0 ] && apt-get install -y -qq "${packages[@]}" >/dev/null
if ! have_govc; then
  mkdir -p "$(dirname "$govmomi_dir")"
  echo "Building govc from Debian's govmomi packages into $govmomi_dir (about two minutes, once)…"
  bash "$here/build-govmomi.sh" "$govmomi_dir" >"$govmomi_dir.build.log" 2>&1 || {
    echo "govc build failed; its log: $govmomi_dir.build.log" >&2
    tail -20 "$govmomi_dir.build.log" >&2
    exit 1
  }
fi
have_browser && have_pyvmomi && have_govc || {
  echo "Still missing after install: chromium=$(have_browser && echo ok || echo no) pyvmomi=$(have_pyvmomi && echo ok || echo no) govc=$(have_govc && echo ok || echo no)" >&2
  exit 1
}

#!/usr/bin/env bash
# Runs every RAIC test on a fresh Debian/Ubuntu machine with Node 20: installs
# the Debian packages the tests use, the npm packages, builds, then runs
# type-check, lint, unit/integration tests and the browser end-to-end tests.
set -euo pipefail
cd "$(dirname "$0")/.."

mapfile -t DEBIAN_PACKAGES < <(grep -v '^\s*#' scripts/debian-packages.txt | grep -v '^\s*$')
missing=()
for package in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Electron's binary cannot always be downloaded; the tests do not need it.
ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --no-audit --no-fund
npm test

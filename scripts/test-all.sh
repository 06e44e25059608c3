#!/usr/bin/env bash
# Every test: type-check, unit/contract/integration/architecture (vitest), then e2e in headless
# Debian Chromium. Installs Debian's chromium first when it is missing (never a downloaded browser).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  echo "test-all: installing Debian's chromium for the e2e tests"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

npm run build
npm test
npm run test:e2e

#!/usr/bin/env bash
# Installs what the browser test (tests/browser/run_test.sh) needs: Debian's
# headless Chromium and its WebDriver server. Idempotent; run as root or
# through sudo. CI (.ci/run) calls it before the test suite.
set -euo pipefail
packages=(chromium chromium-driver curl)
exec bash "$(dirname "$0")/../../scripts/apt-install.sh" "browser setup" "${packages[@]}"

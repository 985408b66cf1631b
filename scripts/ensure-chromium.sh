#!/usr/bin/env bash
# The browser tests drive the system Chromium (Playwright cannot download one here).
# Install it with apt when we can; otherwise say how, and let the tests decide.
set -u
for exe in /usr/bin/chromium /usr/bin/chromium-browser; do
  [ -x "$exe" ] && exit 0
done
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Chromium for the browser tests (apt-get install chromium)..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null && exit 0
  echo "apt-get could not install chromium" >&2
else
  echo "Chromium is not installed: the browser tests will be skipped." >&2
  echo "Install it with: sudo apt-get install chromium (or set BPWIDGETS_CHROMIUM=/path/to/chrome)" >&2
fi
# In CI a missing browser must fail the run, not skip tests.
[ "${CI:-}" = "true" ] && exit 1
exit 0

#!/usr/bin/env bash
# Chromium for the browser tests of the HTML reports (tests/test_html_browser.py), from Debian's
# package: Playwright drives it, and Playwright's own browser download (a CDN) is never used.
# Installs it when it is missing and this machine allows it (root with apt-get); otherwise says
# why and exits 0: the browser tests then skip with that reason, the rest of the suite runs.
set -u
for name in chromium chromium-browser; do
    if command -v "$name" >/dev/null 2>&1; then exit 0; fi
done
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    if apt-get update -qq >/dev/null && apt-get install -y -qq chromium >/dev/null; then
        exit 0
    fi
    echo "install-browser: apt-get could not install chromium; the browser tests will skip" >&2
else
    echo "install-browser: chromium is missing and cannot be installed here (needs root and" \
         "apt-get); install it to run the browser tests, which will skip meanwhile" >&2
fi
exit 0

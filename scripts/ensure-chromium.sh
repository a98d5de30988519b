#!/usr/bin/env bash
# Browser tests drive Debian's Chromium through playwright-core (no browser downloads here).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
	echo "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo present)"
	exit 0
fi
if [ "$(id -u)" != "0" ]; then
	echo "Chromium is missing: run 'sudo apt-get install -y chromium' once, then npm test again." >&2
	exit 1
fi
echo "Installing Debian's chromium (apt-get, about a minute)…"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null
/usr/bin/chromium --version

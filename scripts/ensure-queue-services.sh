#!/usr/bin/env bash
# Queue-mode engine tests run n8n against Debian's Postgres and Redis, started by the harness on
# loopback ports in temp folders (n8n-harness/queueServices.ts): only the binaries are needed.
set -euo pipefail

pg_bin_dir() {
	local dir
	for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
		if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
			echo "$dir"
			return 0
		fi
	done
	return 1
}

present() {
	command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1 && pg_bin_dir >/dev/null && id postgres >/dev/null 2>&1
}

if present; then
	echo "redis-server: $(redis-server --version | awk '{print $3}'); postgres: $(pg_bin_dir)"
	exit 0
fi
if [ "$(id -u)" != "0" ]; then
	echo "Postgres or Redis is missing: run 'sudo apt-get install -y redis-server postgresql' once, then the tests again." >&2
	exit 1
fi
echo "Installing Debian's redis-server and postgresql (apt-get, about a minute)…"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq redis-server postgresql >/dev/null
# The packages may start their default services (Redis on 6379, the cluster "main" on 5432): the
# tests start their own instances, so stop and disable these to keep the default ports free.
for service in redis-server postgresql; do
	if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
		systemctl disable --now "$service" >/dev/null 2>&1 || true
	else
		service "$service" stop >/dev/null 2>&1 || true
		update-rc.d "$service" disable >/dev/null 2>&1 || true
	fi
done
present || { echo "redis-server or Postgres's initdb/pg_ctl still missing after apt-get" >&2; exit 1; }
echo "redis-server: $(redis-server --version | awk '{print $3}'); postgres: $(pg_bin_dir)"

#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: `start DIR` makes a cluster in DIR (a new, empty or
# absent folder), starts it on 127.0.0.1 at a free port (its socket in DIR too) and prints its URL;
# `stop DIR` stops it (DIR may then be deleted); `start DIR` on a stopped cluster starts it again on
# its port. Trust authentication, loopback only: for tests, never
# for data. As root (here and in CI) the server runs as the `postgres` system user, since initdb refuses
# root; DIR is handed to that user. The binaries are found on PATH, else in /usr/lib/postgresql/*/bin
# (Debian's `postgresql` package: scripts/system-deps.sh postgresql).
# Usage: scripts/test-postgres.sh start DIR | stop DIR
set -euo pipefail

usage() { echo "usage: $0 start DIR | stop DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
action=$1
dir=$(realpath -m "$2")

bindir=""
if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
  bindir=$(dirname "$(command -v pg_ctl)")
else
  for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$candidate/pg_ctl" ] && [ -x "$candidate/initdb" ]; then bindir=$candidate; break; fi
  done
fi
if [ -z "$bindir" ]; then
  echo "test-postgres: no PostgreSQL server binaries (initdb, pg_ctl); install them, e.g. on Debian:" \
       "bash scripts/system-deps.sh postgresql" >&2
  exit 3
fi

as_server() {  # run a server binary as the postgres user when we are root
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$action" in
  start)
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then
      id postgres >/dev/null 2>&1 || { echo "test-postgres: running as root needs a 'postgres' system user" >&2; exit 3; }
      chown postgres: "$dir"
      chmod 700 "$dir"
      # the server user must be able to reach DIR through its parents (a root-only folder above blocks it)
      if ! runuser -u postgres -- test -w "$dir"; then
        echo "test-postgres: the postgres user cannot write to $dir (a parent folder is private); use a folder under /tmp" >&2
        exit 3
      fi
    fi
    if [ -f "$dir/port" ]; then
      port=$(cat "$dir/port")
    else
      port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
      # texts sorted as a language sorts them (ICU's English: "alpha" before "Beta"), as in the clusters
      # users run (a locale's collation), not by code point as C sorts: a query that must order as
      # Python does says so (`collate("C")`), and the tests see it when it does not
      if ! as_server "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
          --locale-provider=icu --icu-locale=en >"$dir/initdb.log" 2>&1; then
        echo "test-postgres: no ICU collation (PostgreSQL before 15?): texts sort by code point" >&2
        rm -rf "$dir/data"
        as_server "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
          >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
      fi
    fi
    as_server "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    [ -f "$dir/port" ] || echo "$port" >"$dir/port"
    echo "postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    [ -d "$dir/data" ] || exit 0
    as_server "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
    ;;
  *) usage ;;
esac

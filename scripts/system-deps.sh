#!/usr/bin/env bash
# Debian packages that pip cannot bring: `npm` (fetches the desk's browser assets from the npm registry at
# install), `chromium` (the real browser the desk's tests drive through Playwright; Playwright's own
# browser download is never used) and `postgresql` (the server the tests run the store against, started
# by scripts/test-postgres.sh; the package also makes the `postgres` user the server runs as under root). Installs whichever of the named ones is missing, with apt-get when run
# as root; otherwise says what to install and returns 0, so that the browser tests skip with that reason.
# Usage: scripts/system-deps.sh [npm] [chromium] [postgresql]
set -euo pipefail

missing=()
for want in "$@"; do
  case "$want" in
    npm) command -v npm >/dev/null 2>&1 || missing+=(nodejs npm) ;;
    chromium) [ -x "${CLAIMSCOPE_CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium fonts-liberation fonts-dejavu-core) ;;
    postgresql)
      { command -v initdb >/dev/null 2>&1 || compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; } \
        || missing+=(postgresql)
      ;;
    *) echo "system-deps: unknown dependency '$want' (known: npm, chromium, postgresql)" >&2; exit 2 ;;
  esac
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: missing ${missing[*]}; install them with your system's package manager," >&2
  echo "  e.g. on Debian/Ubuntu: sudo apt-get install ${missing[*]}" >&2
  exit 0
fi
echo "system-deps: installing ${missing[*]} with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

#!/usr/bin/env bash
# Installs what hall needs on a fresh Debian machine: system packages, the Python
# package with its test extras. Safe to run again; quick when everything is there.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
[ -f /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || need_apt+=(fonts-wqy-zenhei)
command -v pdftoppm >/dev/null 2>&1 || need_apt+=(poppler-utils)
command -v espeak-ng >/dev/null 2>&1 || need_apt+=(espeak-ng)
command -v nginx >/dev/null 2>&1 || need_apt+=(nginx)
command -v envsubst >/dev/null 2>&1 || need_apt+=(gettext-base)
command -v pg_dump >/dev/null 2>&1 || need_apt+=(postgresql-client)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${need_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# (re)install when pyproject.toml changed since the last install from this checkout
stamp="build/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -f "$stamp" ] || [ "${HALL_SETUP_FORCE:-}" = 1 ] ||
   ! python3 -c "import hall, playwright, socketio, schemathesis, openpyxl, pypinyin" >/dev/null 2>&1; then
  echo "setup: installing the hall package (editable) with test extras"
  python3 -m pip install -q --disable-pip-version-check -e ".[test]"
  mkdir -p build && rm -f build/.installed-* && touch "$stamp"
fi

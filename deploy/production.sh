#!/usr/bin/env bash
# Production on one machine: N `hall serve` processes on PostgreSQL sharing Redis, behind nginx.
#   HALL_DATABASE_URL=postgresql://… HALL_REDIS_URL=redis://127.0.0.1:6379/0 HALL_SECRET_KEY=… \
#     deploy/production.sh start [--processes 2] [--listen 8080] [--demo]
#   deploy/production.sh stop
# A real hall (HALL_ENV=production, which refuses --demo): create the first admin once, then
# set the hall up at /admin (catalog by hand or from an .xlsx with `hall import FILE.xlsx`):
#   HALL_ENV=production HALL_DATABASE_URL=… hall admin create USERNAME        # asks for the password
#   echo "$PASSWORD" | HALL_ENV=production HALL_DATABASE_URL=… hall admin create USERNAME
# Accounts an admin creates or resets get a temporary password that must be changed at first login.
# The processes listen on 5001, 5002, … ($HALL_BASE_PORT + i, default 5000) and write their
# logs and pids to $HALL_RUN_DIR (default ./run).
set -euo pipefail
cd "$(dirname "$0")/.."
RUN_DIR="$(realpath -m "${HALL_RUN_DIR:-run}")"
command="${1:-start}"; shift || true
processes=2; listen=8080; demo=""
while [ $# -gt 0 ]; do
  case "$1" in
    --processes) processes="$2"; shift 2 ;;
    --listen) listen="$2"; shift 2 ;;
    --demo) demo="--demo"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

stop() {
  [ -f "$RUN_DIR/nginx.pid" ] && nginx -c "$RUN_DIR/nginx.conf" -s quit 2>/dev/null || true
  for pid in "$RUN_DIR"/hall-*.pid; do [ -f "$pid" ] && { kill "$(cat "$pid")" 2>/dev/null || true; }; rm -f "$pid"; done
  echo "stopped"
}

if [ "$command" = stop ]; then stop; exit 0; fi
: "${HALL_DATABASE_URL:?set HALL_DATABASE_URL (PostgreSQL) for several processes}"
: "${HALL_REDIS_URL:?set HALL_REDIS_URL so the processes share Socket.IO events}"
: "${HALL_SECRET_KEY:?set HALL_SECRET_KEY: every process must sign tokens alike}"
mkdir -p "$RUN_DIR"
# nginx is the one proxy in front: the processes read the client's address from the
# X-Forwarded-For it adds (rate limits per phone, not one bucket for the whole hall)
export HALL_PROXIES="${HALL_PROXIES:-1}"
hall init-db $demo >/dev/null          # one process migrates (and loads the demo) before the others start
upstreams=""
for i in $(seq 1 "$processes"); do
  port=$((${HALL_BASE_PORT:-5000} + i))
  nohup hall serve --port "$port" > "$RUN_DIR/hall-$port.log" 2>&1 &
  echo $! > "$RUN_DIR/hall-$port.pid"
  upstreams="$upstreams        server 127.0.0.1:$port;\n"
done
UPSTREAMS="$(printf "$upstreams")" LISTEN="$listen" RUN_DIR="$RUN_DIR" \
  envsubst '${UPSTREAMS} ${LISTEN} ${RUN_DIR}' < deploy/nginx.conf.template > "$RUN_DIR/nginx.conf"
for i in $(seq 1 50); do
  ok=1
  for j in $(seq 1 "$processes"); do (exec 3<>/dev/tcp/127.0.0.1/$((${HALL_BASE_PORT:-5000} + j))) 2>/dev/null || ok=0; done
  [ $ok = 1 ] && break; sleep 0.2
done
nginx -c "$RUN_DIR/nginx.conf"
echo "hall: $processes processes behind nginx on http://127.0.0.1:$listen"

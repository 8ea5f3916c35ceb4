#!/usr/bin/env bash
# Starts PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379) when they are down.
set -uo pipefail
up() { (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null; }

if ! up 5432; then
  echo "services: starting PostgreSQL"
  if ls /etc/postgresql >/dev/null 2>&1; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  else
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null &&
      pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  fi
fi
if ! up 6379; then
  echo "services: starting Redis"
  command -v redis-server >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
fi
for i in $(seq 1 30); do up 5432 && up 6379 && break; sleep 1; done
up 5432 || { echo "services: PostgreSQL did not come up"; exit 1; }
up 6379 || { echo "services: Redis did not come up"; exit 1; }
# the tests use the database "test" with trust auth for user postgres
psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='test'" | grep -q 1 ||
  psql -h 127.0.0.1 -U postgres -d postgres -c "CREATE DATABASE test" >/dev/null
echo "services: PostgreSQL and Redis are up"

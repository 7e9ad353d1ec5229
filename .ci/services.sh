#!/usr/bin/env bash
# Starts any of the machine's local services that is not already listening.
set -u
up() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() { for _ in $(seq 1 60); do up "$1" && return 0; sleep 1; done; echo "service on port $1 did not come up" >&2; return 1; }
start() { # port, command...
  local port=$1; shift
  up "$port" && return 0
  echo "starting service for port $port: $*"
  "$@" >/dev/null 2>&1 || true
  wait_port "$port"
}
start 5432 bash -c 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start'
start 6379 redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
start 3306 start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
start 5672 rabbitmq-server -detached
start 1883 mosquitto -d -c /etc/mosquitto/mosquitto.conf
start 4222 start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log
exit 0

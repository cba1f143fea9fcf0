#!/usr/bin/env bash
# Local PostgreSQL and RabbitMQ as plain processes (no Docker), data under a git-ignored folder.
#   infra.sh start <data-dir> <pg-port> <amqp-port> <dist-port> <node-name> [fast]
#   infra.sh stop  <data-dir> <node-name>
#   infra.sh status <data-dir> <pg-port> <amqp-port>
#   infra.sh rabbitmq-start <data-dir> <amqp-port> <dist-port> <node-name>   (a broker alone: outage tests stop and start it)
#   infra.sh rabbitmq-stop <data-dir> <node-name>
# "fast" turns off fsync for throw-away test data. Installs Debian's packages when missing and run as root.
set -euo pipefail

cmd=${1:?command}; data=${2:?data dir}
mkdir -p "$data"
data=$(cd "$data" && pwd)

log() { printf '[infra] %s\n' "$*"; }
is_root() { [ "$(id -u)" = 0 ]; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pg_bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

apt_install() {
  if ! is_root; then
    log "missing: $*. Install them with: sudo apt-get install -y $*"; exit 1
  fi
  log "installing $* (Debian packages)"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null 2>&1; then
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null
  fi
}

# Runs a command as the owner a server needs: initdb refuses root, and RabbitMQ's wrapper drops to its user.
as_user() { local user=$1; shift; if is_root; then runuser -u "$user" -- "$@"; else "$@"; fi; }

ensure_packages() {
  [ -n "$(pg_bindir)" ] || apt_install postgresql postgresql-contrib
  command -v rabbitmq-server >/dev/null 2>&1 || [ -x /usr/sbin/rabbitmq-server ] || apt_install rabbitmq-server
  # promtool checks deploy/prometheus in the deployment tests.
  command -v promtool >/dev/null 2>&1 || apt_install prometheus
  # Go with Helm's template library (sprig) builds tests/chart-render, which renders the chart in the deployment tests.
  [ -d /usr/share/gocode/src/github.com/Masterminds/sprig ] && command -v go >/dev/null 2>&1 \
    || apt_install golang-go golang-github-masterminds-sprig-dev golang-gopkg-yaml.v2-dev
}

# The test run's browser tests drive Debian's Chromium (Playwright never downloads one here), and pages are Chinese:
# without a CJK font every character renders as a box in the screenshots.
ensure_browser() {
  [ -x /usr/bin/chromium ] || apt_install chromium
  fc-list :lang=zh 2>/dev/null | grep -q . || apt_install fonts-wqy-microhei
}

start_postgres() {
  local port=$1 fast=$2 bin pgdata="$data/postgres" owner=postgres
  bin=$(pg_bindir); is_root || owner=$(id -un)
  if [ ! -f "$pgdata/PG_VERSION" ]; then
    mkdir -p "$pgdata"; is_root && chown -R postgres:postgres "$pgdata"
    chmod 700 "$pgdata"
    as_user "$owner" "$bin/initdb" -D "$pgdata" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    log "initialised PostgreSQL cluster in $pgdata"
  fi
  if as_user "$owner" "$bin/pg_ctl" -D "$pgdata" status >/dev/null 2>&1; then
    log "PostgreSQL already running on 127.0.0.1:$port"; return
  fi
  local opts="-p $port -k $pgdata -c listen_addresses=127.0.0.1 -c max_connections=600 -c shared_buffers=256MB"
  [ "$fast" = fast ] && opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  as_user "$owner" "$bin/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -o "$opts" -w -t 60 start >/dev/null
  log "PostgreSQL running on 127.0.0.1:$port"
}

rabbit_env() {
  local node=$1 amqp=$2 dist=$3
  export RABBITMQ_NODENAME="$node@localhost" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT="$amqp" \
    RABBITMQ_DIST_PORT="$dist" RABBITMQ_MNESIA_BASE="$data/rabbitmq/mnesia" RABBITMQ_LOG_BASE="$data/rabbitmq/log" \
    RABBITMQ_PID_FILE="$data/rabbitmq/rabbitmq.pid" RABBITMQ_ENABLED_PLUGINS_FILE="$data/rabbitmq/enabled_plugins" \
    RABBITMQ_CONFIG_FILE="$data/rabbitmq/rabbitmq"
}

start_rabbitmq() {
  local amqp=$1 dist=$2 node=$3
  if port_open "$amqp"; then log "RabbitMQ already running on 127.0.0.1:$amqp"; return; fi
  mkdir -p "$data/rabbitmq/mnesia" "$data/rabbitmq/log"
  # Its Prometheus metrics (queue depths, the error queues' among them) on the AMQP port + 10020: 15693 for `up`'s broker
  # (compose's uses the image's 15692), 15694 for the tests' broker beside it.
  echo '[rabbitmq_prometheus].' > "$data/rabbitmq/enabled_plugins"
  # Tests create a virtual host per fixture and burst thousands of messages; keep the disk alarm out of the way.
  printf 'disk_free_limit.absolute = 50MB\nloopback_users = none\nprometheus.tcp.ip = 127.0.0.1\nprometheus.tcp.port = %s\n' \
    $((amqp + 10020)) > "$data/rabbitmq/rabbitmq.conf"
  is_root && chown -R rabbitmq:rabbitmq "$data/rabbitmq"
  rabbit_env "$node" "$amqp" "$dist"
  setsid nohup rabbitmq-server > "$data/rabbitmq/server.out" 2>&1 < /dev/null &
  echo $! > "$data/rabbitmq/launcher.pid"
  for _ in $(seq 1 90); do
    if port_open "$amqp"; then break; fi
    sleep 1
  done
  rabbitmqctl -n "$node@localhost" -q await_startup --timeout 60 >/dev/null
  log "RabbitMQ running on 127.0.0.1:$amqp (node $node@localhost)"
}

stop_rabbitmq() {
  local node=$1
  if [ -d "$data/rabbitmq" ]; then
    rabbitmqctl -n "$node@localhost" -q stop >/dev/null 2>&1 || true
    if [ -f "$data/rabbitmq/launcher.pid" ]; then kill "$(cat "$data/rabbitmq/launcher.pid")" 2>/dev/null || true; rm -f "$data/rabbitmq/launcher.pid"; fi
    log "RabbitMQ stopped"
  fi
}

case "$cmd" in
  start)
    pg=${3:?pg port}; amqp=${4:?amqp port}; dist=${5:?dist port}; node=${6:?node name}; fast=${7:-}
    ensure_packages
    # Only the test instance ("fast") runs browser tests; `./build.sh up` does not need a browser.
    [ "$fast" = fast ] && ensure_browser
    start_postgres "$pg" "$fast"
    start_rabbitmq "$amqp" "$dist" "$node"
    ;;
  stop)
    node=${3:?node name}
    stop_rabbitmq "$node"
    if [ -f "$data/postgres/postmaster.pid" ] && bin=$(pg_bindir); then
      owner=postgres; is_root || owner=$(id -un)
      as_user "$owner" "$bin/pg_ctl" -D "$data/postgres" -m fast -w stop >/dev/null 2>&1 || true
      log "PostgreSQL stopped"
    fi
    ;;
  rabbitmq-start)
    amqp=${3:?amqp port}; dist=${4:?dist port}; node=${5:?node name}
    ensure_packages
    start_rabbitmq "$amqp" "$dist" "$node"
    ;;
  rabbitmq-stop)
    stop_rabbitmq "${3:?node name}"
    ;;
  status)
    pg=${3:?pg port}; amqp=${4:?amqp port}
    port_open "$pg" && log "PostgreSQL: up on 127.0.0.1:$pg" || log "PostgreSQL: down"
    port_open "$amqp" && log "RabbitMQ: up on 127.0.0.1:$amqp" || log "RabbitMQ: down"
    ;;
  *) echo "usage: infra.sh start|stop|status|rabbitmq-start|rabbitmq-stop ..." >&2; exit 2 ;;
esac

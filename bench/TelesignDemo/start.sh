#!/usr/bin/env bash
# Serves Telesign's demo handler (telesign_demo.py) on 127.0.0.1:PORT the way its sample deploys it:
# nginx in front, uWSGI behind it on a unix socket, all from Debian's packages (python3-bottle, uwsgi,
# uwsgi-plugin-python3, nginx). Runs in the foreground until TERM; bench/run.sh starts it under taskset,
# so both inherit the placement.
#
#   bench/TelesignDemo/start.sh PORT        DEMO_PROCESSES: uWSGI workers (default 2 per CPU it may use)
set -euo pipefail
PORT=$1
HERE=$(cd "$(dirname "$0")" && pwd)
RUN=$(mktemp -d /tmp/telesign-demo.XXXXXX)
chmod 755 "$RUN"   # nginx workers run as nobody and must reach the socket
PROCESSES=${DEMO_PROCESSES:-$(( $(nproc) * 2 ))}

uwsgi --plugin python3 --master --processes "$PROCESSES" --socket "$RUN/uwsgi.sock" --chmod-socket=666 \
  --chdir "$HERE" --module telesign_demo --disable-logging --die-on-term --pidfile "$RUN/uwsgi.pid" \
  > "$RUN/uwsgi.log" 2>&1 &
UWSGI=$!

cat > "$RUN/nginx.conf" <<CONF
daemon off;
worker_processes auto;
pid $RUN/nginx.pid;
error_log $RUN/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $RUN/body;
  proxy_temp_path $RUN/proxy;
  fastcgi_temp_path $RUN/fastcgi;
  uwsgi_temp_path $RUN/uwsgi;
  scgi_temp_path $RUN/scgi;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$PORT;
    location = / { return 200 "telesign demo\n"; }
    location / { include /etc/nginx/uwsgi_params; uwsgi_pass unix:$RUN/uwsgi.sock; }
  }
}
CONF
nginx -c "$RUN/nginx.conf" -p "$RUN" &
NGINX=$!
stop() { kill "$NGINX" "$UWSGI" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$RUN"; }
trap stop TERM INT EXIT
wait "$NGINX"

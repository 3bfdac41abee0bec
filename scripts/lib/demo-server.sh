# A demo server for the suites that drive the API from outside (`scripts/browser-test`,
# `scripts/schemathesis`). Source it, then:
#
#   start_demo_server [serve options...]   # sets DEMO_URL; stopped and removed at exit
#   demo_token CLIENT_ID CLIENT_SECRET     # prints an access token
#
# The server is the debug build (`cargo test` has built it already), on a free port, over a
# fresh SQLite database in a temporary directory.

DEMO_STARTUP_SECONDS=${DEMO_STARTUP_SECONDS:-120}

demo_binary() {
  cargo build --locked -p vorgaenge-cli --bin vorgaenge >&2
  local target_dir
  # Ask cargo where it put the binary: honours CARGO_TARGET_DIR and .cargo/config alike.
  target_dir=$(cargo metadata --format-version 1 --no-deps |
    sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
  printf '%s/debug/vorgaenge\n' "$target_dir"
}

stop_demo_server() {
  if [ -n "${DEMO_PID:-}" ]; then
    kill "$DEMO_PID" 2>/dev/null || true
    wait "$DEMO_PID" 2>/dev/null || true
    DEMO_PID=
  fi
  if [ -n "${DEMO_DIR:-}" ]; then
    rm -rf "$DEMO_DIR"
    DEMO_DIR=
  fi
}

start_demo_server() {
  local binary
  binary=$(demo_binary)
  DEMO_DIR=$(mktemp -d)
  trap stop_demo_server EXIT
  # `--listen 127.0.0.1:0`: the system picks a free port; the first log line names it.
  NO_COLOR=1 VORGAENGE_LOG=${VORGAENGE_LOG:-info} "$binary" serve --demo \
    --listen 127.0.0.1:0 --database "sqlite://$DEMO_DIR/vorgaenge.sqlite" "$@" \
    2>"$DEMO_DIR/server.log" &
  DEMO_PID=$!
  DEMO_URL=
  local waited=0
  while [ -z "$DEMO_URL" ]; do
    if ! kill -0 "$DEMO_PID" 2>/dev/null; then
      echo "the demo server stopped before listening:" >&2
      cat "$DEMO_DIR/server.log" >&2
      return 1
    fi
    if [ "$waited" -ge "$((DEMO_STARTUP_SECONDS * 10))" ]; then
      echo "the demo server did not listen within ${DEMO_STARTUP_SECONDS}s" >&2
      return 1
    fi
    sleep 0.1
    waited=$((waited + 1))
    DEMO_URL=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$DEMO_DIR/server.log" | head -n 1)
  done
  echo "demo server on $DEMO_URL (log: $DEMO_DIR/server.log)"
}

# The log, for a failed run's report (the directory goes at exit).
demo_server_log() {
  cat "$DEMO_DIR/server.log"
}

demo_token() {
  curl -sS --fail-with-body --max-time 30 -u "$1:$2" -d grant_type=client_credentials \
    "$DEMO_URL/auth/token" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])'
}

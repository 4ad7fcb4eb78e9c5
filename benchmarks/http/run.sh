#!/usr/bin/env bash
# HTTP benchmark of the starter: the token endpoint against GET /api/meetings/{id} of the same running example app
# (embedded defaults: H2 file, in-process FakeLiveKitServer and S3), measured in one run by
# io.meetkit.bench.http.HttpLoad. Usage, from the repository root:
#   benchmarks/http/run.sh [--connections=16] [--seconds=10] [--rounds=3] [--warmup=10]
# Builds the example jar and the benchmarks, starts the app on a free port in a fresh directory, runs the load,
# and stops the app by its PID (SIGTERM, a graceful shutdown) whatever happens.
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -ntp -q -pl examples/spring-boot-app,benchmarks -am package -DskipTests \
  -Dmaven.javadoc.skip=true -Dmaven.source.skip=true
work=$(mktemp -d)
port=${PORT:-18089}
password=bench-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')
( cd "$work" && APP_ADMIN_PASSWORD=$password PORT=$port exec java -jar \
    "$OLDPWD/examples/spring-boot-app/target/meetkit-example.jar" --logging.level.root=WARN ) > "$work/app.log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null || true; wait $app 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 300); do
  if curl -sf "http://127.0.0.1:$port/actuator/health" > /dev/null; then break; fi
  if ! kill -0 $app 2>/dev/null; then cat "$work/app.log"; exit 1; fi
  sleep 1
done
java -cp benchmarks/target/classes io.meetkit.bench.http.HttpLoad \
  --base="http://127.0.0.1:$port" --user=admin --password="$password" "$@"

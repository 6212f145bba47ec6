#!/usr/bin/env bash
# Two Dropwise instances on one PostgreSQL, 20 jobs, one instance killed with SIGKILL mid-run: every job still
# finishes, none runs on two instances at once, and the table at the end shows which instance ran what.
#
#   scripts/cluster-demo.sh                       # local PostgreSQL 127.0.0.1:5432, database postgres, user postgres
#   DROPWISE_DB_URL=jdbc:postgresql://host:5432/db DROPWISE_DB_USER=u DROPWISE_DB_PASSWORD=p scripts/cluster-demo.sh
#
# Everything happens in a fresh schema (dropped at the end); the instances listen on PORT_A/PORT_B (8081/8082).
set -euo pipefail
cd "$(dirname "$0")/.."

DB_URL=${DROPWISE_DB_URL:-jdbc:postgresql://127.0.0.1:5432/postgres}
DB_USER=${DROPWISE_DB_USER:-postgres}
DB_PASSWORD=${DROPWISE_DB_PASSWORD:-}
PORT_A=${PORT_A:-8081}
PORT_B=${PORT_B:-8082}
JOBS=${JOBS:-20}
SCHEMA="dropwise_demo_$$"
KEY=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')   # the bootstrap API key of this demo
WORK=$(mktemp -d)

# psql connection from the JDBC URL: jdbc:postgresql://host:port/db?params
hostport_db=${DB_URL#jdbc:postgresql://}; hostport_db=${hostport_db%%\?*}
PGHOST=${hostport_db%%/*}; PGDATABASE=${hostport_db#*/}
PGPORT=5432; [[ $PGHOST == *:* ]] && { PGPORT=${PGHOST##*:}; PGHOST=${PGHOST%%:*}; }
export PGHOST PGPORT PGDATABASE PGUSER="$DB_USER" PGPASSWORD="$DB_PASSWORD"
sql() { psql -X -q -v ON_ERROR_STOP=1 -c "SET search_path TO $SCHEMA" -c "$1"; }
sqlv() { psql -X -q -tA -v ON_ERROR_STOP=1 -c "SET search_path TO $SCHEMA" -c "$1" | tail -n 1; }

PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    psql -X -q -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || true
    echo "cleaned up (schema $SCHEMA dropped, logs were in $WORK)"
}
trap cleanup EXIT

pg_isready -h "$PGHOST" -p "$PGPORT" >/dev/null || { echo "PostgreSQL is not reachable at $PGHOST:$PGPORT" >&2; exit 1; }
echo "== building the jar"
./mvnw -B -q -DskipTests package
JAR=$(ls target/dropwise-*.jar | grep -v -- '-plain' | head -n 1)
psql -X -q -c "CREATE SCHEMA $SCHEMA"

start() {   # name port
    java -Xmx512m -jar "$JAR" --server.port="$2" --spring.profiles.active=postgres \
        --spring.datasource.url="$DB_URL$([[ $DB_URL == *\?* ]] && echo '&' || echo '?')currentSchema=$SCHEMA" \
        --spring.datasource.username="$DB_USER" --spring.datasource.password="$DB_PASSWORD" \
        --dropwise.security.bootstrap-key="$KEY" --dropwise.training.instance-id="$1" \
        --dropwise.training.concurrency=2 \
        --db-scheduler.heartbeat-interval=1s --db-scheduler.missed-heartbeats-limit=4 \
        >"$WORK/$1.log" 2>&1 &
    PIDS+=($!)
    echo "$!"
}
await_ready() {   # port
    for _ in $(seq 1 120); do
        curl -fs "localhost:$1/actuator/health/readiness" >/dev/null && return 0
        sleep 1
    done
    echo "instance on port $1 did not become ready" >&2; exit 1
}

echo "== starting instance demo-a on :$PORT_A and demo-b on :$PORT_B (PostgreSQL schema $SCHEMA)"
PID_A=$(start demo-a "$PORT_A")
start demo-b "$PORT_B" >/dev/null
await_ready "$PORT_A"; await_ready "$PORT_B"

echo "== submitting $JOBS jobs (alternating instances)"
SPEC='{"name":"cluster-demo","datasetId":"digits","model":{"hiddenLayers":[{"units":64,"dropout":0.2}]},
       "training":{"epochs":8,"batchSize":16,"checkpointEveryEpochs":1}}'
for i in $(seq 1 "$JOBS"); do
    port=$([[ $((i % 2)) == 1 ]] && echo "$PORT_A" || echo "$PORT_B")
    curl -fs -X POST "localhost:$port/jobs" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
        -H "Idempotency-Key: demo-$$-$i" -d "$SPEC" >/dev/null
done

echo "== waiting until demo-a is training, then kill -9 demo-a"
for _ in $(seq 1 600); do
    [[ $(sqlv "select count(*) from training_job where status='RUNNING' and worker='demo-a'") -gt 0 &&
       $(sqlv "select count(*) from training_job where status='SUCCEEDED'") -ge 2 ]] && break
    sleep 0.2
done
sql "select id, status, worker, current_epoch from training_job where status = 'RUNNING' order by worker, id"
kill -9 "$PID_A"
echo "killed demo-a (pid $PID_A) at $(date +%T)"

echo "== demo-b takes over (a dead instance's job is requeued after ~4 missed 1 s heartbeats)"
for _ in $(seq 1 180); do
    line=$(sqlv "select string_agg(status || '=' || n, ' ') from (select status, count(*) n from training_job
                 group by status order by status) s")
    echo "$(date +%T)  $line"
    [[ $(sqlv "select count(*) from training_job where status in ('SUCCEEDED','FAILED','CANCELLED')") -ge $JOBS ]] \
        && break
    sleep 2
done

echo "== who ran what (job_attempt): LOST = the attempt killed with demo-a, resumed by demo-b from its checkpoint"
sql "select job_id, attempt, worker, outcome, resumed_from_epoch,
            to_char(started_at, 'HH24:MI:SS.MS') started, to_char(ended_at, 'HH24:MI:SS.MS') ended
     from job_attempt order by job_id, attempt"
sql "select worker, outcome, count(*) from job_attempt group by worker, outcome order by worker, outcome"
overlaps=$(sqlv "select count(*) from job_attempt a join job_attempt b on a.job_id = b.job_id
                 and a.attempt < b.attempt and b.started_at < coalesce(a.ended_at, now())")
succeeded=$(sqlv "select count(*) from training_job where status = 'SUCCEEDED'")
echo "== $succeeded of $JOBS jobs SUCCEEDED; overlapping attempts of one job: $overlaps"
[[ $succeeded -eq $JOBS && $overlaps -eq 0 ]]

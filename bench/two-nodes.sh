#!/usr/bin/env bash
# Reveal throughput of one Custos node against two nodes on one PostgreSQL (issue 23, R-X-3).
#
#   bench/two-nodes.sh           full run: 10,000 customers of liu.yang, 20 s per load step, 8 and 16 clients
#   bench/two-nodes.sh --smoke   the same steps, tiny (the demo's customers, 2 s per step, 8 clients)
#
# The same jar twice on one PostgreSQL database, as .ci/two-nodes.sh runs it (one operator master key,
# one audit chain per node). The load is bench/wrk/reveal.lua (three L3 fields, AFTER_SALES, liu.yang's
# bearer token, which both nodes accept):
#   one node        node A alone (node B not started)
#   one node, B idle  node A under load, node B started and idle (what a second node costs at rest)
#   two nodes       two wrk processes at once, half the clients each, one per node; req/s summed
# Two nodes on a 2-core machine share the same 2 cores (and PostgreSQL, and wrk): the ratio measures
# what the cluster costs, not how it scales. Writes bench/results/<date>-two-nodes.md (a smoke run:
# bench/work/smoke-two-nodes.md). Installs wrk with apt-get when missing; needs a local PostgreSQL.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
# shellcheck source=../.ci/lib.sh
source .ci/lib.sh

SMOKE=false
while (($# > 0)); do
    case $1 in
        --smoke) SMOKE=true ;;
        *) echo "usage: bench/two-nodes.sh [--smoke]" >&2; exit 2 ;;
    esac
    shift
done
if [[ $SMOKE == true ]]; then
    CLIENTS=(8) ROWS=0 DURATION=2 WARMUP=1
else
    CLIENTS=(8 16) ROWS=10000 DURATION=20 WARMUP=15
fi
declare -A PORT=([a]=${CUSTOS_BENCH_PORT_A:-18291} [b]=${CUSTOS_BENCH_PORT_B:-18292})
WORK=$ROOT/bench/work/two-nodes
DB=bench_two_nodes
OWNER=liu.yang
DEMO_PASSWORD='Demo#2026'
DATE=$(date -u +%Y-%m-%d)
JAVA_OPTS=${CUSTOS_JAVA_OPTS:--Xmx512m -XX:MaxMetaspaceSize=256m}
rm -rf "$WORK"
mkdir -p "$WORK"

export CUSTOS_DB_URL=jdbc:postgresql://$PG_HOST:$PG_PORT/$DB CUSTOS_DB_USER=postgres CUSTOS_DB_PASSWORD=
CUSTOS_MASTER_KEK=$(openssl rand -base64 32)
export CUSTOS_MASTER_KEK

base() { echo "http://127.0.0.1:${PORT[$1]}"; }

node_pid() { cat "$WORK/node-$1/pid" 2>/dev/null || true; }

node_stop() {
    local pid
    pid=$(node_pid "$1")
    [[ -n $pid ]] || return 0
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 300); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$WORK/node-$1/pid"
}

cleanup() {
    node_stop a
    node_stop b
    pg_psql -d postgres -c "drop database if exists $DB" >/dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'echo "error: bench/two-nodes.sh failed at line $LINENO" >&2' ERR

declare -A FIG=() NOTE=()
record() { FIG[$1]=$2; echo "  $1 = $2"; }

# Other processes' CPU during a step, as bench/run.sh notes it: jiffies per process before and after.
cpu_snapshot() {
    local f
    for f in /proc/[0-9]*/stat; do
        awk '{ line = $0; sub(/^[^(]*\(/, "", line); comm = substr(line, 1, index(line, ")") - 1);
               sub(/^[^)]*\) /, "", line); split(line, a, " "); print FILENAME, comm, a[12] + a[13] }' \
            FILENAME="$f" "$f" 2>/dev/null || true
    done
}
OURS='^(java|postgres|wrk|bash|curl|awk|sleep|cat|sort|join|date|grep|sed|ksoftirqd/[0-9]+|rcu_.*|kworker/.*|jbd2/.*)$'
STEP_SNAPSHOT= STEP_STARTED=0
# A snapshot reads every process one after the other, which takes a while on a busy machine: the
# step's time runs from the middle of the first snapshot to the middle of the second.
step_begin() {
    echo "== [${SECONDS}s] $1"
    local before
    before=$(date +%s%N)
    STEP_SNAPSHOT=$(cpu_snapshot)
    STEP_STARTED=$(( (before + $(date +%s%N)) / 2 ))
}
# Notes the cores other people's processes used during the step: a java process that is not one of
# the two nodes, and a PostgreSQL backend serving another database, count as others' (other engineers'
# test suites may run on the same machine); PostgreSQL's own background processes count as ours.
step_end() {
    local name=$1 elapsed ticks others nodes backends before after
    before=$(date +%s%N)
    after=$(cpu_snapshot)
    elapsed=$(( ((before + $(date +%s%N)) / 2 - STEP_STARTED) / 1000000 ))
    ((elapsed >= 1000)) || return 0
    ticks=$(getconf CLK_TCK)
    nodes=" $(node_pid a) $(node_pid b) "
    # A backend's command line: "postgres: [cluster: ]user database client state".
    backends=" $({ pgrep -d ' ' -f '^postgres: ([^ ]+: )?[^ ]+ [^ ]+ ([0-9a-f.:]+\(|\[local\])' || true; } | tr ' ' '\n' |
        { grep -vxF -f <(pgrep -f "^postgres: ([^ ]+: )?[^ ]+ $DB " || echo none) || true; } | tr '\n' ' ') "
    others=$(join -j 1 <(echo "$STEP_SNAPSHOT" | sort) <(echo "$after" | sort) 2>/dev/null | awk -v ms="$elapsed" \
        -v hz="$ticks" -v ours="$OURS" -v nodes="$nodes" -v backends="$backends" '{
            split($1, p, "/"); pid = " " p[3] " "; used = ($5 - $3) / hz * 1000 / ms;
            if ($2 == "java") other = index(nodes, pid) == 0;
            else if ($2 == "postgres") other = index(backends, pid) > 0;
            else other = $2 !~ ours;
            if (other) total += used } END { printf "%.2f", total }')
    record "$name.others.cores" "$others"
}

node_start() { # a|b
    local node=$1 dir=$WORK/node-$1 started
    mkdir -p "$dir"
    step_begin "start node $node"
    started=$(date +%s%N)
    # shellcheck disable=SC2086
    (cd "$dir" && exec java $JAVA_OPTS -jar "$JAR" --server.port="${PORT[$node]}" --server.address=127.0.0.1 \
        --spring.profiles.active=postgres,demo --custos.audit.chain="bench-$node" \
        --custos.keys.master.provider=operator --custos.keys.master.keyset-file="$WORK/master.keyset.json" \
        >"$dir/custos.log" 2>&1) &
    echo $! >"$dir/pid"
    local pid=$!
    for _ in $(seq 1 1800); do
        if curl -fsS "$(base "$node")/actuator/health" 2>/dev/null | grep -q '"UP"'; then
            break
        fi
        if ! kill -0 "$pid" 2>/dev/null; then
            tail -n 50 "$dir/custos.log" >&2
            echo "error: node $node did not start" >&2
            exit 1
        fi
        sleep 0.1
    done
    record "node-$node.startup.s" "$(awk -v ns="$(( $(date +%s%N) - started ))" 'BEGIN { printf "%.1f", ns / 1e9 }')"
    step_end "node-$node.startup"
}

token() {
    curl -fsS -H 'Content-Type: application/json' \
        -d "{\"username\":\"$OWNER\",\"password\":\"$DEMO_PASSWORD\"}" "$(base a)/api/v1/auth/token" | jq -r .token
}

# Synthetic customers of the owner through the import API, timed to DONE (as bench/run.sh loads them).
seed() {
    ((ROWS > 0)) || return 0
    step_begin "import $ROWS customers on node A"
    awk -v n="$ROWS" 'BEGIN { print "companyName,contactName,city,phone,email,address";
        for (i = 1; i <= n; i++) printf "Bench Two %d Ltd,Contact %d,Shanghai,139%08d,c%d@bench.example.com,%d Bench Road\n", i, i, i, i, i }' \
        >"$WORK/customers.csv"
    local consent='{"noticeVersion":1,"purposes":["SALES_FOLLOW_UP","AFTER_SALES","DELIVERY"],"sensitiveConsent":false,"thirdPartyConsent":false,"channel":"PAPER_FORM"}'
    local location status
    location=$(curl -fsS -D - -o /dev/null -H "Authorization: Bearer $TOKEN" -F "file=@$WORK/customers.csv" \
        -F mode=ALL_OR_NOTHING -F "consent=$consent" "$(base a)/api/v1/customers/imports" | tr -d '\r' |
        sed -nE 's/^[Ll]ocation: (.*)$/\1/p')
    while true; do
        status=$(curl -fsS -H "Authorization: Bearer $TOKEN" "$(base a)$location")
        case $status in
            *'"status":"DONE"'*) break ;;
            *'"status":"FAILED"'*|*'"status":"CANCELLED"'*) echo "error: import failed: $status" >&2; exit 1 ;;
        esac
        sleep 0.5
    done
    step_end seed
}

# One wrk per node given, the clients split evenly, at once; req/s summed, p99 the larger of the two.
load() { # name clients duration node...
    local name=$1 clients=$2 duration=$3
    shift 3
    local nodes=("$@") per threads node pids=() i=0
    per=$((clients / ${#nodes[@]}))
    # Two wrk threads in all, whether one process or two, so the load generator costs the same.
    threads=$((2 / ${#nodes[@]}))
    cat bench/wrk/reveal.lua bench/wrk/report.lua >"$WORK/reveal.run.lua"
    for node in "${nodes[@]}"; do
        TOKEN=$TOKEN IDS=$WORK/ids.txt wrk -t "$threads" -c "$per" -d "${duration}s" --latency \
            -s "$WORK/reveal.run.lua" "$(base "$node")" >"$WORK/wrk-$name-$node.txt" 2>&1 &
        pids+=($!)
    done
    for i in "${pids[@]}"; do
        wait "$i"
    done
    local rps=0 p99=0 errors=0 result
    for node in "${nodes[@]}"; do
        result=$(grep '^RESULT' "$WORK/wrk-$name-$node.txt")
        rps=$(awk -v a="$rps" -v b="$(echo "$result" | sed -E 's/.*rps=([0-9.]+).*/\1/')" 'BEGIN { printf "%.1f", a + b }')
        p99=$(awk -v a="$p99" -v b="$(echo "$result" | sed -E 's/.*p99_ms=([0-9.]+).*/\1/')" 'BEGIN { print (b > a ? b : a) }')
        errors=$((errors + $(echo "$result" | sed -E 's/.*errors=([0-9]+).*/\1/')))
        if ((${#nodes[@]} > 1)); then
            record "$name.$node.rps" "$(echo "$result" | sed -E 's/.*rps=([0-9.]+).*/\1/')"
            record "$name.$node.p99" "$(echo "$result" | sed -E 's/.*p99_ms=([0-9.]+).*/\1/')"
        fi
    done
    if ((errors > 0)); then
        echo "error: $name had $errors failed requests" >&2
        cat "$WORK"/wrk-"$name"-*.txt >&2
        exit 1
    fi
    record "$name.rps" "$rps"
    record "$name.p99" "$p99"
}

measure() { # label name node...
    local label=$1 name=$2 c
    shift 2
    for c in "${CLIENTS[@]}"; do
        step_begin "$label, $c clients"
        load "$name.$c" "$c" "$DURATION" "$@"
        step_end "$name.$c"
    done
}

# ---------------------------------------------------------------------------------------------

echo "== provisioning"
ensure_postgres postgres
command -v wrk >/dev/null 2>&1 || apt_install wrk
JAR=$(ls "$ROOT"/target/custos-*.jar 2>/dev/null | grep -v original | head -n 1 || true)
if [[ -z $JAR ]]; then
    ./mvnw -B -q -ntp -DskipTests package
    JAR=$(ls "$ROOT"/target/custos-*.jar | grep -v original | head -n 1)
fi
pg_psql -d postgres -c "drop database if exists $DB" -c "create database $DB" >/dev/null
(cd "$WORK" && java -jar "$JAR" keys-init --keyset-file="$WORK/master.keyset.json") >/dev/null

node_start a
TOKEN=$(token)
seed
pg_psql -d "$DB" -c "select c.id from customer c join employee e on e.id = c.owner_id
    where e.username = '$OWNER' order by random() limit 20000" >"$WORK/ids.txt"
echo "  $(wc -l <"$WORK/ids.txt") customer ids of $OWNER"

echo "== warm-up of node A, ${WARMUP} s"
load warmup-a 8 "$WARMUP" a >/dev/null
measure "one node" one a
node_start b
echo "== warm-up of node B, ${WARMUP} s"
load warmup-b 8 "$WARMUP" b >/dev/null
measure "node A, node B idle" idle a
measure "two nodes" two a b

# ---------------------------------------------------------------------------------------------

ratio() { awk -v a="${FIG[$1]:-0}" -v b="${FIG[$2]:-0}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

if [[ $SMOKE == true ]]; then FILE=$ROOT/bench/work/smoke-two-nodes.md; else FILE=$ROOT/bench/results/$DATE-two-nodes.md; fi
{
    echo "# Custos benchmark, one node vs two nodes on one PostgreSQL, $DATE"
    echo
    echo "- Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
    echo "- Java: $(java -version 2>&1 | head -n 1), \`$JAVA_OPTS\` per node; PostgreSQL: $(pg_psql -d postgres -c 'show server_version'); wrk: $(wrk -v 2>&1 | head -n 1 | cut -d' ' -f2)"
    echo "- Custos: $(git rev-parse --short HEAD); $(wc -l <"$WORK/ids.txt") customers of $OWNER revealed at random; ${DURATION} s per load step after ${WARMUP} s of warm-up per node; clients ${CLIENTS[*]}"
    echo "- Command: \`bench/two-nodes.sh$([[ $SMOKE == true ]] && echo ' --smoke')\`"
    echo
    echo "Reveal = \`wrk/reveal.lua\`: phone, e-mail and address of a random customer, purpose AFTER_SALES,"
    echo "bearer token (three durable audit events per request). Two nodes: two wrk processes at once, half"
    echo "the clients each, one per node, req/s summed, p99 the larger of the two; two wrk threads in all in"
    echo "every configuration. \"Others\" is the CPU (in cores) that processes not of this run used meanwhile."
    echo
    echo "| clients | one node (req/s) | p99 (ms) | A with B idle (req/s) | p99 (ms) | two nodes (req/s) | A + B | p99 (ms) | two ÷ one | others (cores: one / idle / two) |"
    echo "|---|---|---|---|---|---|---|---|---|---|"
    for c in "${CLIENTS[@]}"; do
        echo "| $c | ${FIG[one.$c.rps]} | ${FIG[one.$c.p99]} | ${FIG[idle.$c.rps]} | ${FIG[idle.$c.p99]} | ${FIG[two.$c.rps]} | ${FIG[two.$c.a.rps]} + ${FIG[two.$c.b.rps]} | ${FIG[two.$c.p99]} | $(ratio "two.$c.rps" "one.$c.rps") | ${FIG[one.$c.others.cores]} / ${FIG[idle.$c.others.cores]} / ${FIG[two.$c.others.cores]} |"
    done
    echo
    echo "Startup to ready: node A ${FIG[node-a.startup.s]} s (migrations and demo data), node B ${FIG[node-b.startup.s]} s."
    echo
    echo "On this $(nproc)-core machine both nodes, PostgreSQL and wrk share the same cores: the ratio two ÷ one"
    echo "is what running as a cluster costs (a second JVM, its background jobs, and whatever the cluster"
    echo "mechanisms add to a reveal), not what a second machine would add. On separate machines the"
    echo "reveal throughput is bounded by PostgreSQL's commits of the audit events instead."
} >"$FILE"
echo
cat "$FILE"

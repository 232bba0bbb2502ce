#!/usr/bin/env bash
# The backup cycle with the real jar, as an operator runs it (issue 17), on both databases:
#   1. an embedded (H2) installation with the demo data; a phone revealed through the API
#   2. backup --to, backup-verify (valid), a copy with one changed byte (invalid, the file named)
#   3. restore into PostgreSQL, start Custos on PostgreSQL: sign in, the same phone revealed,
#      audit-verify valid (the move to PostgreSQL, docs/operations.md)
#   4. back: a backup of the PostgreSQL installation restored into a new embedded database,
#      audit-verify valid
# Needs the jar (built if missing), a local PostgreSQL (.ci/lib.sh), curl and jq.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
source .ci/lib.sh
ROOT=$PWD
JAR=$(ls "$ROOT"/target/custos-*.jar 2>/dev/null | grep -v original | head -n 1 || true)
if [[ -z $JAR ]]; then
    ./mvnw -q -B -ntp -DskipTests package
    JAR=$(ls "$ROOT"/target/custos-*.jar | grep -v original | head -n 1)
fi
WORK=$(mktemp -d /tmp/custos-backup-cycle.XXXXXX)
PORT=${CUSTOS_CYCLE_PORT:-18181}
BASE=http://127.0.0.1:$PORT
DB=custos_backup_cycle
PG_URL=jdbc:postgresql://$PG_HOST:$PG_PORT/$DB
JAVA=(java -Xmx512m -XX:MaxMetaspaceSize=256m -jar "$JAR")
APP_PID=

fail() {
    echo "FAILED: $*" >&2
    for log in "$WORK"/*/app.log; do
        [[ -f $log ]] && { echo "--- $log (tail)"; tail -n 40 "$log"; }
    done
    exit 1
}

stop_app() {
    if [[ -n $APP_PID ]]; then
        kill "$APP_PID" 2>/dev/null || true
        wait "$APP_PID" 2>/dev/null || true
        APP_PID=
    fi
}
trap 'stop_app; rm -rf "$WORK"' EXIT

start_app() {
    local dir=$1
    shift
    (cd "$dir" && exec "${JAVA[@]}" --server.port="$PORT" --server.address=127.0.0.1 "$@" >app.log 2>&1) &
    APP_PID=$!
    for _ in $(seq 1 120); do
        if curl -fsS "$BASE/actuator/health" 2>/dev/null | grep -q '"UP"'; then
            return 0
        fi
        kill -0 "$APP_PID" 2>/dev/null || fail "Custos did not start in $dir"
        sleep 1
    done
    fail "Custos did not answer on $BASE"
}

token() {
    curl -fsS -H 'Content-Type: application/json' -d '{"username":"liu.yang","password":"Demo#2026"}' \
        "$BASE/api/v1/auth/token" | jq -r .token
}

reveal_phone() {
    curl -fsS -H "Authorization: Bearer $1" -H 'Content-Type: application/json' \
        -d '{"fields":["phone"],"purpose":"AFTER_SALES"}' "$BASE/api/v1/customers/$2/reveal" |
        jq -r '.fields.phone'
}

echo "== 1. an embedded installation with the demo data"
mkdir -p "$WORK/h2"
start_app "$WORK/h2" --spring.profiles.active=demo
TOKEN=$(token)
# One of liu.yang's own customers: the department's others (the portal's demo customer is zhang.wei's) are
# listed to him too, but only the owner reveals their phone.
CUSTOMER=$(curl -fsS -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/customers?size=50" |
    jq -r '[.items[] | select(.ownerUsername == "liu.yang")][0].id')
[[ $CUSTOMER =~ ^[0-9a-f-]{36}$ ]] || fail "no customer of liu.yang"
PHONE=$(reveal_phone "$TOKEN" "$CUSTOMER")
[[ -n $PHONE && $PHONE != null ]] || fail "the phone of $CUSTOMER was not revealed on H2"
stop_app

echo "== 2. backup, verify, a changed byte"
OUT=$(cd "$WORK/h2" && "${JAVA[@]}" backup --to "$WORK/backups")
echo "$OUT"
FOLDER=$(echo "$OUT" | sed -n 's/^Backup written: //p')
[[ -d $FOLDER ]] || fail "no backup folder"
(cd "$WORK/h2" && "${JAVA[@]}" backup-verify "$FOLDER") | tee "$WORK/verify.txt"
grep -q '^VALID$' "$WORK/verify.txt" || fail "the backup did not verify"
cp -r "$FOLDER" "$WORK/tampered"
FILE=$WORK/tampered/tables/customer_value.jsonl.gz.sealed
BYTE=$(dd if="$FILE" bs=1 skip=200 count=1 2>/dev/null | od -An -tu1 | tr -d ' ')
printf "$(printf '\\%03o' $(((BYTE + 1) % 256)))" | dd of="$FILE" bs=1 seek=200 conv=notrunc 2>/dev/null
status=0
(cd "$WORK/h2" && "${JAVA[@]}" backup-verify "$WORK/tampered") >"$WORK/tampered.txt" || status=$?
cat "$WORK/tampered.txt"
[[ $status -eq 1 ]] || fail "a changed byte was not reported (exit $status)"
grep -q 'tables/customer_value.jsonl.gz.sealed' "$WORK/tampered.txt" || fail "the changed file was not named"

echo "== 3. restore into PostgreSQL, start on PostgreSQL"
pg_psql -c "drop database if exists $DB" -c "create database $DB"
export CUSTOS_DB_URL=$PG_URL CUSTOS_DB_USER=postgres CUSTOS_DB_PASSWORD=
(cd "$WORK/h2" && "${JAVA[@]}" restore --from "$FOLDER" --spring.profiles.active=postgres) | tee "$WORK/restore.txt"
grep -q '^RESTORED$' "$WORK/restore.txt" || fail "the restore into PostgreSQL did not finish cleanly"
start_app "$WORK/h2" --spring.profiles.active=postgres
TOKEN=$(token)
MOVED=$(reveal_phone "$TOKEN" "$CUSTOMER")
[[ $MOVED == "$PHONE" ]] || fail "on PostgreSQL the phone of $CUSTOMER reads differently"
(cd "$WORK/h2" && "${JAVA[@]}" audit-verify --db-url="$PG_URL" --db-user=postgres \
    --checkpoints=node-1=./data/audit/checkpoints.log) | tee "$WORK/audit.txt"
grep -q '^VALID$' "$WORK/audit.txt" || fail "the audit log does not verify on PostgreSQL"

echo "== 4. back: PostgreSQL to a new embedded database"
OUT=$(cd "$WORK/h2" && "${JAVA[@]}" backup --to "$WORK/backups" --spring.profiles.active=postgres)
echo "$OUT"
SECOND=$(echo "$OUT" | sed -n 's/^Backup written: //p')
stop_app
unset CUSTOS_DB_URL CUSTOS_DB_USER CUSTOS_DB_PASSWORD
mkdir -p "$WORK/h2b"
(cd "$WORK/h2b" && "${JAVA[@]}" restore --from "$SECOND" --custos.keys.directory="$WORK/h2/data/keys") |
    tee "$WORK/restore2.txt"
grep -q '^RESTORED$' "$WORK/restore2.txt" || fail "the restore into H2 did not finish cleanly"
(cd "$WORK/h2b" && "${JAVA[@]}" audit-verify --checkpoints=node-1=./data/audit/checkpoints.log) |
    tee "$WORK/audit2.txt"
grep -q '^VALID$' "$WORK/audit2.txt" || fail "the audit log does not verify after the restore into H2"
pg_psql -c "drop database if exists $DB"
echo "Backup cycle passed: H2 -> backup -> PostgreSQL -> backup -> H2, values and audit log intact"

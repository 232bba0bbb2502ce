#!/usr/bin/env bash
# Shared by .ci/run and bench/run.sh: installing what is missing with apt-get, and a local
# PostgreSQL at $PG_HOST:$PG_PORT that accepts passwordless connections from this machine.
# Source it; it defines functions and PG_HOST / PG_PORT (overridable) only.

PG_HOST=${PG_HOST:-127.0.0.1}
PG_PORT=${PG_PORT:-5432}

SUDO=()
if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO=(sudo)
    else
        echo "warning: not root and no sudo; installing or starting services will fail" >&2
    fi
fi

banner() {
    local line='================================================================================'
    printf '\n%s\n== %s\n%s\n' "$line" "$*" "$line"
}

APT_UPDATED=false
apt_install() {
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "error: need to install $* but apt-get is not available" >&2
        return 1
    fi
    if [[ $APT_UPDATED == false ]]; then
        "${SUDO[@]}" apt-get update
        APT_UPDATED=true
    fi
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"
}

pg_ready() {
    if command -v pg_isready >/dev/null 2>&1; then
        pg_isready -q -h "$PG_HOST" -p "$PG_PORT"
    else
        # No client tools: is anything accepting connections on the port?
        (exec 3<>"/dev/tcp/$PG_HOST/$PG_PORT") 2>/dev/null
    fi
}

pg_binaries_present() {
    compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || command -v postgres >/dev/null 2>&1
}

pg_version() {
    # The newest installed cluster configuration, e.g. 15.
    if [[ -d /etc/postgresql ]]; then
        find /etc/postgresql -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort -V | tail -n 1
    fi
}

pg_psql() {
    psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -w -v ON_ERROR_STOP=1 -Atq "$@"
}

pg_trust_local_tcp() {
    local version hba
    version=$(pg_version)
    hba=/etc/postgresql/$version/main/pg_hba.conf
    if [[ -z $version || ! -f $hba ]]; then
        echo "error: no local PostgreSQL cluster configuration to adjust" >&2
        return 1
    fi
    echo "Allowing passwordless TCP connections from this machine in $hba"
    # First matching line wins, so the trust lines go on top.
    local tmp
    tmp=$(mktemp)
    {
        echo '# Added by .ci/run: CI connects as postgres without a password from this machine only.'
        echo 'host    all    all    127.0.0.1/32    trust'
        echo 'host    all    all    ::1/128         trust'
        cat "$hba"
    } >"$tmp"
    "${SUDO[@]}" cp "$tmp" "$hba"
    rm -f "$tmp"
}

pg_start() {
    local version
    version=$(pg_version)
    if [[ -z $version ]]; then
        echo "error: PostgreSQL is installed but has no cluster under /etc/postgresql" >&2
        return 1
    fi
    echo "Starting PostgreSQL $version/main"
    "${SUDO[@]}" pg_ctlcluster --skip-systemctl-redirect "$version" main start
}

pg_wait() {
    local i
    for i in $(seq 1 60); do
        if pg_ready; then
            echo "PostgreSQL is accepting connections on $PG_HOST:$PG_PORT"
            return 0
        fi
        sleep 1
    done
    echo "error: PostgreSQL did not answer on $PG_HOST:$PG_PORT within 60 s" >&2
    return 1
}

# Makes sure PostgreSQL runs here (installing it when absent), accepts the postgres user without a
# password over TCP from this machine, and holds the database named in $1.
ensure_postgres() {
    local database=$1
    local fresh_pg=false
    if ! pg_ready && ! pg_binaries_present; then
        apt_install postgresql postgresql-client
        fresh_pg=true
    fi
    if [[ $fresh_pg == true ]]; then
        pg_trust_local_tcp
        # The package may already have started the cluster (or been stopped by policy-rc.d).
        if pg_ready; then
            "${SUDO[@]}" pg_ctlcluster --skip-systemctl-redirect "$(pg_version)" main reload
        fi
    fi
    if ! pg_ready; then
        pg_start
    fi
    pg_wait
    if command -v psql >/dev/null 2>&1; then
        if ! pg_psql -d postgres -c 'select 1' >/dev/null 2>&1 && [[ $fresh_pg == false ]] \
                && [[ -n $(pg_version) ]]; then
            pg_trust_local_tcp
            "${SUDO[@]}" pg_ctlcluster --skip-systemctl-redirect "$(pg_version)" main reload
            sleep 1
        fi
        if [[ $(pg_psql -d postgres -c "select 1 from pg_database where datname = '$database'" 2>/dev/null || true) != 1 ]]; then
            echo "Creating database $database"
            pg_psql -d postgres -c "create database $database" \
                || su postgres -c "psql -v ON_ERROR_STOP=1 -c 'create database $database'"
        fi
        pg_psql -d "$database" -c 'select 1' >/dev/null
        echo "Database $database is reachable as postgres without a password"
    else
        echo "warning: psql not available; assuming database $database exists" >&2
    fi
}

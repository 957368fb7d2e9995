#!/usr/bin/env bash
# Checks that src/db/schema.rs is exactly what `diesel print-schema` (with diesel.toml)
# makes of the SQL in migrations/.
#
#   bash scripts/check-schema.sh          compare: one OK line and exit 0 when equal; a
#                                         unified diff (- committed, + generated) and
#                                         exit 1 when not; exit 2 when it cannot check
#   bash scripts/check-schema.sh --write  write the generated schema to $SCHEMA_FILE
#
# 1. Installs diesel_cli (postgres backend only, after libpq-dev) when `diesel` is missing.
# 2. Creates a throwaway database kassa_schema_check_<pid> on the PostgreSQL server that
#    DATABASE_URL points at (default postgres://postgres@127.0.0.1:5432; only its user,
#    host, port and query are used, the database it names is never touched) and drops it
#    on exit.
# 3. diesel migration run on it with an empty config file, so diesel.toml's
#    print_schema.file does not rewrite src/db/schema.rs behind the check's back; then
#    diesel print-schema with diesel.toml, formatted like the repo's sources
#    (rustfmt --edition <Cargo.toml's> --config-path rustfmt.toml).
# 4. Compares that with $SCHEMA_FILE (default src/db/schema.rs; point it at a copy to
#    check the copy instead).
#
# Environment: DATABASE_URL, SCHEMA_FILE, DIESEL_CLI_VERSION (the diesel_cli installed
# when missing; default 2.3.14, the diesel in Cargo.lock).
set -euo pipefail

say() { printf 'check-schema: %s\n' "$*"; }
die() { printf 'check-schema: error: %s\n' "$*" >&2; exit 2; }

write=0
case "${1:-}" in
    "") ;;
    --write) write=1 ;;
    -h | --help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) die "unknown argument '$1' (try --help)" ;;
esac

caller_dir=$PWD
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

schema_name=${SCHEMA_FILE:-src/db/schema.rs}
case "$schema_name" in
    /*) schema_file=$schema_name ;;
    *) if [ -n "${SCHEMA_FILE:-}" ]; then schema_file=$caller_dir/$schema_name; else schema_file=$root/$schema_name; fi ;;
esac

# --- diesel_cli (and libpq-dev, which building it needs) -------------------------------
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
DIESEL_CLI_VERSION=${DIESEL_CLI_VERSION:-2.3.14}

# shellcheck source=scripts/as-root.sh
source "$root/scripts/as-root.sh"

diesel_version() { diesel --version 2>/dev/null || true; }
diesel_has_pg() { command -v diesel >/dev/null 2>&1 && [[ "$(diesel_version)" == *"Supported Backends:"*postgres* ]]; }

if ! diesel_has_pg; then
    if command -v dpkg-query >/dev/null 2>&1; then
        if [ "$(dpkg-query -W -f='${Status}' libpq-dev 2>/dev/null || true)" != "install ok installed" ]; then
            say "libpq-dev is missing (diesel_cli links libpq); apt-get update && apt-get install -y libpq-dev"
            as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
            as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpq-dev
        fi
    elif ! command -v pg_config >/dev/null 2>&1; then
        die "diesel_cli needs libpq and its headers (libpq-dev on Debian) to build"
    fi
    force=()
    if command -v diesel >/dev/null 2>&1; then
        say "$(command -v diesel) has no postgres backend; reinstalling diesel_cli"
        force=(--force)
    else
        say "diesel is missing; installing diesel_cli $DIESEL_CLI_VERSION (postgres only) from crates.io"
    fi
    cargo install diesel_cli --version "$DIESEL_CLI_VERSION" --no-default-features --features postgres \
        --locked "${force[@]}"
    diesel_has_pg || die "diesel_cli was installed but 'diesel --version' shows no postgres backend"
fi
installed_version=$(diesel_version | sed -n 's/^ *Version: *//p')
if [ "$installed_version" != "$DIESEL_CLI_VERSION" ]; then
    say "warning: diesel $installed_version is installed, the schema is kept with $DIESEL_CLI_VERSION" \
        "(print-schema's output may differ between versions)"
fi

command -v psql >/dev/null 2>&1 || die "psql is missing (bash scripts/services.sh installs PostgreSQL)"
command -v rustfmt >/dev/null 2>&1 || die "rustfmt is missing (rustup component add rustfmt)"

# --- The throwaway database -------------------------------------------------------------
url=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432}
query=""
case "$url" in *\?*) query="?${url#*\?}" url=${url%%\?*} ;; esac
rest=${url#*://}
[ "$rest" != "$url" ] && [ -n "$rest" ] || die "DATABASE_URL must look like postgres://user@host:port[/database]"
server="${url%%://*}://${rest%%/*}"
# For messages: the server without its password, if the URL carries one.
server_shown=$(printf '%s' "$server" | sed -E 's#(://[^:/@]*):[^@/]*@#\1:***@#')
db=kassa_schema_check_$$
db_url="$server/$db$query"
admin_url="$server/postgres$query"

tmp=$(mktemp -d)
created=0
cleanup() {
    local rc=$?
    if [ "$created" -eq 1 ]; then
        psql "$admin_url" -qAtX -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 ||
            say "warning: could not drop the throwaway database $db on $server_shown"
    fi
    rm -rf "$tmp"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

psql "$admin_url" -qAtX -v ON_ERROR_STOP=1 -c "CREATE DATABASE $db" >"$tmp/psql.log" 2>&1 || {
    cat "$tmp/psql.log" >&2
    die "could not create the throwaway database $db on $server_shown (is PostgreSQL up? bash scripts/services.sh)"
}
created=1

# --- Migrate, print, format -------------------------------------------------------------
: >"$tmp/migrate.toml" # no print_schema.file: migration run must not write src/db/schema.rs
diesel migration run --config-file "$tmp/migrate.toml" --migration-dir "$root/migrations" \
    --database-url "$db_url" >"$tmp/migrate.log" 2>&1 || {
    cat "$tmp/migrate.log" >&2
    die "diesel migration run failed on a fresh database (output above)"
}

diesel print-schema --config-file "$root/diesel.toml" --database-url "$db_url" \
    >"$tmp/schema.rs" 2>"$tmp/print.log" || {
    cat "$tmp/print.log" >&2
    die "diesel print-schema failed (output above)"
}
grep -q '^diesel::table!' "$tmp/schema.rs" || die "diesel print-schema printed no table (did the migrations run?)"
if grep -q '__diesel_schema_migrations' "$tmp/schema.rs"; then
    die "diesel's own __diesel_schema_migrations table leaked into the printed schema"
fi

edition=$(sed -n '/^edition *= *"/{s/^edition *= *"\([0-9]*\)".*/\1/p;q;}' Cargo.toml)
rustfmt_args=(--edition "${edition:-2024}")
[ -f rustfmt.toml ] && rustfmt_args+=(--config-path "$root/rustfmt.toml")
rustfmt "${rustfmt_args[@]}" "$tmp/schema.rs" 2>"$tmp/rustfmt.log" || {
    cat "$tmp/rustfmt.log" >&2
    die "rustfmt failed on the printed schema"
}

# --- Compare (or write) -----------------------------------------------------------------
tables=$(grep -c '^diesel::table!' "$tmp/schema.rs")
migrations=$(grep -c '^Running migration' "$tmp/migrate.log" || true)
[ "$migrations" = 1 ] && migrations="1 migration" || migrations="$migrations migrations"

if [ "$write" -eq 1 ]; then
    mkdir -p "$(dirname "$schema_file")"
    cp "$tmp/schema.rs" "$schema_file"
    say "wrote $schema_name ($tables tables from $migrations, diesel $installed_version)"
    exit 0
fi

if [ -f "$schema_file" ] && cmp -s "$schema_file" "$tmp/schema.rs"; then
    say "OK: $schema_name matches migrations/ ($tables tables from $migrations, diesel print-schema $installed_version)"
    exit 0
fi

if [ -f "$schema_file" ]; then
    diff -u --label "$schema_name (committed)" --label "$schema_name (diesel print-schema of migrations/)" \
        "$schema_file" "$tmp/schema.rs" || true
    printf 'check-schema: FAILED: %s does not match migrations/ (diff above: - committed, + generated)\n' \
        "$schema_name" >&2
else
    printf 'check-schema: FAILED: %s does not exist\n' "$schema_name" >&2
fi
cat >&2 <<EOF
check-schema: schema.rs is generated; do not edit it by hand. Regenerate it with
check-schema:     bash scripts/check-schema.sh --write
check-schema: or, against a database migrated from migrations/ (diesel.toml holds the options):
check-schema:     diesel print-schema --database-url <url> > src/db/schema.rs
check-schema: or diesel migration run / redo, which rewrite it through diesel.toml's print_schema.file.
check-schema: If a model in src/db/models.rs no longer matches a column, fix the model or the migration.
EOF
exit 1

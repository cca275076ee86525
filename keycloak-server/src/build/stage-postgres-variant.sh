#!/usr/bin/env bash
# Copies the staged server (built for the embedded H2 file database) and builds the copy for PostgreSQL.
# Usage: stage-postgres-variant.sh <staged dir> <target dir>
set -euo pipefail
staged=$1
target=$2

rm -rf "$target"
cp -a "$staged" "$target"
rm -rf "$target/data/h2" "$target/data/tmp"
# The copy's keycloak.conf tells the truth about how it was built: PostgreSQL, and the clustered cache.
sed -i -e 's/^db=dev-file$/db=postgres/' -e 's/^cache=local$/cache=ispn/' "$target/conf/keycloak.conf"
grep -q '^db=postgres$' "$target/conf/keycloak.conf"
"$target/bin/kc.sh" build

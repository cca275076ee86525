#!/usr/bin/env bash
# Starts the staged ActionGate Keycloak in the foreground. This is the one way it is started:
# bin/start, the tests (StagedKeycloak) and the container image all run this script.
#
# ActionGate settings (docs/configuration.md):
#   AUTH_PORT (8080), AUTH_MANAGEMENT_PORT (9000), AUTH_MANAGEMENT_HOST (127.0.0.1), DATA_DIR (./data), PUBLIC_AUTH_URL (http://localhost:AUTH_PORT),
#   PUBLIC_API_URL (unset: the console shows no schema URL), MCP_REGISTRATION (cimd), MCP_CLIENT_METADATA_HOSTS
#   (chatgpt.com), AUTH_JAVA_HEAP (-Xms64m -Xmx512m), AUTH_CDS_DIR (data/cds here; empty: none); KC_TRUSTSTORE_PATHS (Keycloak's own) adds certificates its
#   outgoing requests trust, REALM_RECREATE_MISSING (false), GPT_CLIENT_SECRET_REMEMBERED (bin/start's)
# and the realm's placeholders, which must be set: GPT_CLIENT_SECRET, WEB_CLIENT_SECRET, DEMO_PASSWORD,
# KC_BOOTSTRAP_ADMIN_PASSWORD;
# GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET (both) switch on Sign in with Google.
# Any KC_* variable already set wins: it is Keycloak's own configuration.
set -euo pipefail

kc_home=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

for required in GPT_CLIENT_SECRET WEB_CLIENT_SECRET DEMO_PASSWORD KC_BOOTSTRAP_ADMIN_PASSWORD; do
  if [ -z "${!required:-}" ]; then
    echo "actiongate-keycloak: $required must be set (bin/start generates it)" >&2
    exit 64
  fi
done

auth_port=${AUTH_PORT:-8080}
data_dir=${DATA_DIR:-$PWD/data}

# Keycloak's heap (kc.sh reads JAVA_OPTS_KC_HEAP), the same on a VM and in a container, where kc.sh would otherwise
# take 70 % of the container's memory: with the API beside it, both fit a 2 GB VM (docs/configuration.md, "Memory").
export JAVA_OPTS_KC_HEAP=${JAVA_OPTS_KC_HEAP:-${AUTH_JAVA_HEAP:--Xms64m -Xmx512m}}
# The optimizing compiler (C2) only for code run 10 times as often as the JVM's defaults ask (tier 4 thresholds): a
# start runs much code a few thousand times and never again, and compiling it with C2 took 9.3 of the 18.5 CPU
# seconds of a Keycloak start on 2 cores; with these, 4 to 6 CPU seconds and about 1.7 s of the start less. Code
# run once per request still reaches C2, after 50,000 requests instead of 5,000 (about 17 s at 3,000 a second), and
# the benchmark's peak rates stayed (docs/benchmarks.md, "Start-up"). The agenda API's launcher uses
# the same thresholds. JAVA_OPTS_APPEND comes after them, so options set there win.
export JAVA_OPTS_APPEND="-XX:Tier4InvocationThreshold=50000 -XX:Tier4MinInvocationThreshold=6000 \
-XX:Tier4CompileThreshold=150000 -XX:Tier4BackEdgeThreshold=400000 ${JAVA_OPTS_APPEND:-}"
export KC_HTTP_PORT=${KC_HTTP_PORT:-$auth_port}
export KC_HTTP_MANAGEMENT_PORT=${KC_HTTP_MANAGEMENT_PORT:-${AUTH_MANAGEMENT_PORT:-9000}}
# Health and metrics answer anyone who reaches the management port: on this machine only, unless
# AUTH_MANAGEMENT_HOST opens it (a proxy or scraper on another host or container).
export KC_HTTP_MANAGEMENT_HOST=${KC_HTTP_MANAGEMENT_HOST:-${AUTH_MANAGEMENT_HOST:-127.0.0.1}}
export KC_HOSTNAME=${KC_HOSTNAME:-${PUBLIC_AUTH_URL:-http://localhost:$auth_port}}
# The database this server was built for (keycloak.conf; the container image sets KC_DB).
db=${KC_DB:-$(sed -n 's/^db=//p' "$kc_home/conf/keycloak.conf")}
if [ "$db" = dev-file ] && [ -z "${KC_DB_URL:-}" ]; then
  mkdir -p "$data_dir/keycloak"
  # The same URL Keycloak's dev-file default uses, moved under DATA_DIR so the data survives a rebuild.
  export KC_DB_URL="jdbc:h2:file:$(cd "$data_dir" && pwd)/keycloak/keycloakdb;NON_KEYWORDS=VALUE"
fi
# The values the console's "GPT clients" page shows for the GPT editor.
export KC_SPI_UI_PAGE__GPT_CLIENTS__PUBLIC_AUTH_URL=${KC_SPI_UI_PAGE__GPT_CLIENTS__PUBLIC_AUTH_URL:-$KC_HOSTNAME}
if [ -n "${PUBLIC_API_URL:-}" ]; then
  export KC_SPI_UI_PAGE__GPT_CLIENTS__SCHEMA_URL=${KC_SPI_UI_PAGE__GPT_CLIENTS__SCHEMA_URL:-$PUBLIC_API_URL/openapi.yaml}
fi
# Which registrations ChatGPT's connectors may make themselves (providers/.../connectors).
export KC_SPI_CLIENT_REGISTRATION_POLICY__CHATGPT_CONNECTOR_REGISTRATION__MCP_REGISTRATION=${KC_SPI_CLIENT_REGISTRATION_POLICY__CHATGPT_CONNECTOR_REGISTRATION__MCP_REGISTRATION:-${MCP_REGISTRATION:-cimd}}
# The hosts whose client ID metadata documents Keycloak fetches (providers/.../connectors/MetadataHosts).
export KC_SPI_CLIENT_POLICY_EXECUTOR__CHATGPT_CLIENT_METADATA_DOCUMENT__METADATA_HOSTS=${KC_SPI_CLIENT_POLICY_EXECUTOR__CHATGPT_CLIENT_METADATA_DOCUMENT__METADATA_HOSTS:-${MCP_CLIENT_METADATA_HOSTS:-chatgpt.com}}
# How long a connector's spent refresh token still refreshes (providers/.../rotation).
export KC_SPI_REFRESH_TOKEN__ACTIONGATE_REFRESH_ROTATION__REUSE_GRACE=${KC_SPI_REFRESH_TOKEN__ACTIONGATE_REFRESH_ROTATION__REUSE_GRACE:-${REFRESH_REUSE_GRACE:-120}}
# Realm migrations and the settings the environment owns (providers/.../migration, docs/configuration.md): on
# for starts through this launcher only, since they apply its environment to the realm.
export KC_SPI_ACTIONGATE_REALM__ACTIONGATE_REALM_MIGRATION__RUN_AT_START=true
# bin/start sets GPT_CLIENT_SECRET_REMEMBERED=true when the secret is the one it kept, not one given to it: then it
# only seeds the first start, and a secret regenerated in the console stays.
if [ "${GPT_CLIENT_SECRET_REMEMBERED:-false}" = true ]; then
  export KC_SPI_ACTIONGATE_REALM__ACTIONGATE_REALM_MIGRATION__APPLY_GPT_CLIENT_SECRET=${KC_SPI_ACTIONGATE_REALM__ACTIONGATE_REALM_MIGRATION__APPLY_GPT_CLIENT_SECRET:-false}
fi
export KC_SPI_ACTIONGATE_REALM__ACTIONGATE_REALM_MIGRATION__RECREATE_MISSING_CLIENTS=${KC_SPI_ACTIONGATE_REALM__ACTIONGATE_REALM_MIGRATION__RECREATE_MISSING_CLIENTS:-${REALM_RECREATE_MISSING:-false}}
export KC_BOOTSTRAP_ADMIN_USERNAME=${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}
# Sign in with Google is switched on by its two keys (the realm import reads GOOGLE_ENABLED).
if [ -n "${GOOGLE_CLIENT_ID:-}" ] && [ -n "${GOOGLE_CLIENT_SECRET:-}" ]; then
  export GOOGLE_ENABLED=true
else
  export GOOGLE_ENABLED=false
fi


# --- Class data sharing: the JVM maps the classes an earlier run of this build loaded from an archive instead of
# loading and verifying them again (about 2 of a 9-second start on 2 cores; docs/benchmarks.md, "Start-up").
# Keycloak has no such option, so the archive is recorded here: a server started without a current archive writes one
# when it stops (-XX:ArchiveClassesAtExit), under a name of its own, so that servers stopping together cannot mix
# their writes, and renamed into place once the JVM has exited, so that a half-written archive is never used. A
# rebuild, or an updated or other JVM, makes it stale and it is recorded again. AUTH_CDS_DIR empty: no archive.
cds_dir=${AUTH_CDS_DIR-$kc_home/data/cds}
kc=("$kc_home/bin/kc.sh" start --optimized --import-realm "$@")
java_path=$(readlink -f "$(command -v "${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}")" 2>/dev/null || true)
if [ -z "$cds_dir" ] || [ -z "$java_path" ] || ! mkdir -p "$cds_dir" 2>/dev/null || [ ! -w "$cds_dir" ]; then
  exec "${kc[@]}"
fi
archive=$cds_dir/keycloak-$(cksum <<<"$java_path" | cut -d' ' -f1).jsa
for unfinished in "$archive".*.new; do  # left by a server killed while it ran
  pid=${unfinished%.new}; pid=${pid##*.}
  if [ -f "$unfinished" ] && ! kill -0 "$pid" 2>/dev/null; then rm -f "$unfinished"; fi
done
if [ -f "$archive" ] && [ -z "$(find "$kc_home/lib" "$kc_home/providers" "$java_path" "${java_path%/bin/java}/lib/modules" \
    -cnewer "$archive" -print -quit 2>/dev/null)" ]; then
  export JAVA_OPTS_APPEND="${JAVA_OPTS_APPEND:-} -XX:SharedArchiveFile=$archive"
  exec "${kc[@]}"
fi
rm -f "$archive"
# The JVM's notes on classes it cannot archive would fill the log at every first stop.
export JAVA_OPTS_APPEND="${JAVA_OPTS_APPEND:-} -XX:ArchiveClassesAtExit=$archive.$$.new -Xlog:cds=off -Xlog:cds+dynamic=off"
"${kc[@]}" &
kc_pid=$!
trap 'kill -TERM "$kc_pid" 2>/dev/null' TERM INT
status=0
while kill -0 "$kc_pid" 2>/dev/null; do
  wait "$kc_pid" && status=0 || status=$?
done
if [ -s "$archive.$$.new" ]; then mv -f "$archive.$$.new" "$archive"; else rm -f "$archive.$$.new"; fi
exit "$status"

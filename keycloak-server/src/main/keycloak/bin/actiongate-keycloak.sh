#!/usr/bin/env bash
# Starts the staged ActionGate Keycloak in the foreground. This is the one way it is started:
# bin/start, the tests (StagedKeycloak) and the container image all run this script.
#
# ActionGate settings (docs/configuration.md):
#   AUTH_PORT (8080), AUTH_MANAGEMENT_PORT (9000), DATA_DIR (./data), PUBLIC_AUTH_URL (http://localhost:AUTH_PORT),
#   PUBLIC_API_URL (unset: the console shows no schema URL), MCP_REGISTRATION (cimd), MCP_CLIENT_METADATA_HOSTS
#   (chatgpt.com), AUTH_JAVA_HEAP (-Xms64m -Xmx512m); KC_TRUSTSTORE_PATHS (Keycloak's own) adds certificates its
#   outgoing requests trust
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
export KC_HTTP_PORT=${KC_HTTP_PORT:-$auth_port}
export KC_HTTP_MANAGEMENT_PORT=${KC_HTTP_MANAGEMENT_PORT:-${AUTH_MANAGEMENT_PORT:-9000}}
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
export KC_BOOTSTRAP_ADMIN_USERNAME=${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}
# Sign in with Google is switched on by its two keys (the realm import reads GOOGLE_ENABLED).
if [ -n "${GOOGLE_CLIENT_ID:-}" ] && [ -n "${GOOGLE_CLIENT_SECRET:-}" ]; then
  export GOOGLE_ENABLED=true
else
  export GOOGLE_ENABLED=false
fi

exec "$kc_home/bin/kc.sh" start --optimized --import-realm "$@"

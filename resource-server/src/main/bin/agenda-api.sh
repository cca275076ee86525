#!/usr/bin/env bash
# Starts the agenda API (the Quarkus application beside this script) in the foreground. This is the one way it is
# started: bin/start, the systemd unit, the image and the tests all run this script, so its memory limits hold for
# all of them.
#
# API_JAVA_HEAP (default -Xms32m -Xmx128m) sizes the heap; API_JAVA_OPTS adds JVM options (they win). The fixed
# limits below bound the rest (class metadata, compiled code, thread stacks) and the serial collector keeps the
# footprint small, as do two malloc arenas instead of glibc's 8 per core (MALLOC_ARENA_MAX; the JVM's own memory does
# not use them, the native buffers of many threads do): about 256 MB resident under load, so that Keycloak and the
# API fit a 2 GB VM together (docs/configuration.md, "Memory").
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
java=java
if [ -n "${JAVA_HOME:-}" ]; then java=$JAVA_HOME/bin/java; fi
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
# The build's class data archive (quarkus.package.jar.appcds): the classes the API loads at start, mapped instead of
# loaded again. A JVM other than the build's refuses it with one warning and starts without it.
# The archive names quarkus-run.jar relative to this directory, and the JVM refuses it anywhere else, so the JVM runs
# here; DATA_DIR (default ./data) keeps meaning the caller's directory.
cds=()
if [ -f "$here/app-cds.jsa" ]; then cds=("-XX:SharedArchiveFile=$here/app-cds.jsa"); fi
data_dir=${DATA_DIR:-data}
case $data_dir in /*) ;; *) data_dir=$PWD/$data_dir ;; esac
export DATA_DIR=$data_dir
cd "$here"
# Native memory the JVM freed (the JIT compiler's work space, mostly) goes back to the system every 5 s instead of
# staying with malloc: about 50 MB of the resident memory after a load (docs/benchmarks.md). JDK 17.0.9 and later
# have the option; an older JVM starts without it.
trim=()
if "$java" -XX:TrimNativeHeapInterval=5000 -version > /dev/null 2>&1; then trim=(-XX:TrimNativeHeapInterval=5000); fi
# The optimizing compiler (C2) only for code run 10 times as often as the JVM's defaults ask, as Keycloak's launcher
# does: the start's code stays with the quick compiler (5.5 instead of about 7 CPU seconds, which Keycloak, starting
# beside it on the same cores, gets), while request code still reaches C2, after 50,000 requests instead of 5,000.
jit=(-XX:Tier4InvocationThreshold=50000 -XX:Tier4MinInvocationThreshold=6000 -XX:Tier4CompileThreshold=150000
  -XX:Tier4BackEdgeThreshold=400000)
# shellcheck disable=SC2086 # the settings are lists of options
exec "$java" ${API_JAVA_HEAP:--Xms32m -Xmx128m} -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=64m -Xss512k \
  -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError "${jit[@]}" ${trim[@]+"${trim[@]}"} ${cds[@]+"${cds[@]}"} ${API_JAVA_OPTS:-} \
  -jar quarkus-run.jar "$@"

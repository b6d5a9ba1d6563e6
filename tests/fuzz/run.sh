#!/bin/sh
# Seeds and runs the libFuzzer targets (`make fuzz` calls this).
#   run.sh BUILD_DIR SECONDS CONFORMANCE_DIR [TARGET...]
# For each TARGET (default: all), copies seeds from the W3C suites in
# CONFORMANCE_DIR (read only) into BUILD_DIR/fuzz/seeds/TARGET, then runs
# BUILD_DIR/tests/fuzz/TARGET for SECONDS seconds. New inputs go to
# BUILD_DIR/fuzz/corpus/TARGET (kept between runs); crashes, hangs and leaks
# to BUILD_DIR/fuzz/artifacts/, and the run's log to BUILD_DIR/fuzz/TARGET.log.
# Exits non-zero when any target found something.
set -u
build=$1 seconds=$2 conformance=$3
shift 3
targets=${*:-"sparql_query_fuzz sparql_update_fuzz rdf_ntriples_fuzz rdf_nquads_fuzz rdf_turtle_fuzz rdf_trig_fuzz query_eval_fuzz"}
rdf=$conformance/rdf-tests/rdf/rdf11
sparql=$conformance/rdf-tests/sparql

# seed TARGET DIR GLOB...: copy the files matching each GLOB under DIR.
seed() {
  target=$1 dir=$2
  shift 2
  mkdir -p "$build/fuzz/seeds/$target"
  for glob in "$@"; do
    find "$dir" -type f -name "$glob" -size -64k -exec cp {} "$build/fuzz/seeds/$target/" \;
  done
}

status=0
for target in $targets; do
  rm -rf "$build/fuzz/seeds/$target"
  case $target in
    sparql_query_fuzz|query_eval_fuzz) seed "$target" "$sparql" '*.rq'; max_len=4096 ;;
    sparql_update_fuzz) seed "$target" "$sparql" '*.ru'; max_len=4096 ;;
    rdf_ntriples_fuzz) seed "$target" "$rdf/rdf-n-triples" '*.nt'; seed "$target" "$rdf/rdf-turtle" '*.nt'; max_len=8192 ;;
    rdf_nquads_fuzz) seed "$target" "$rdf/rdf-n-quads" '*.nq'; seed "$target" "$rdf/rdf-trig" '*.nq'; max_len=8192 ;;
    rdf_turtle_fuzz) seed "$target" "$rdf/rdf-turtle" '*.ttl'; max_len=8192 ;;
    rdf_trig_fuzz) seed "$target" "$rdf/rdf-trig" '*.trig'; max_len=8192 ;;
    *) echo "unknown fuzz target $target" >&2; exit 2 ;;
  esac
  mkdir -p "$build/fuzz/corpus/$target" "$build/fuzz/artifacts"
  echo "fuzzing $target for $seconds s (seeds: $(ls "$build/fuzz/seeds/$target" | wc -l))"
  # -timeout: an input running 10 s is a hang (query_eval_fuzz stops its
  # queries after 1 s). -rss_limit_mb: the default, stated.
  if ! "$build/tests/fuzz/$target" -max_total_time="$seconds" -max_len=$max_len -timeout=10 \
       -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="$build/fuzz/artifacts/$target-" \
       "$build/fuzz/corpus/$target" "$build/fuzz/seeds/$target" \
       > "$build/fuzz/$target.log" 2>&1; then
    echo "  FOUND SOMETHING: see $build/fuzz/$target.log and $build/fuzz/artifacts/" >&2
    status=1
  fi
  grep -E '^stat::number_of_executed_units|^Done' "$build/fuzz/$target.log" | sed 's/^/  /'
done
exit $status

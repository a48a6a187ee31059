#!/usr/bin/env bash
# ib3 benchmark harness (issue 6): ib3 against cp -r, rclone and aws s3 sync on the same generated
# InfluxDB 3 trees, interleaved and repeated, one table at the end.
#
#   src/test/bench/bench.sh                 # default tree: ~20,000 objects, ~2 GiB; 3 repetitions
#   SCALE=0.1 REPS=5 src/test/bench/bench.sh
#   SMOKE=1 src/test/bench/bench.sh         # tiny tree, 1 repetition, ib3 only: what .ci/run calls
#
# Settings (environment):
#   SCALE   tree size factor (1 = ~20,000 objects, ~2 GiB)        REPS   repetitions (median of REPS)
#   CASES   subset of: ff fs ss verify verify-s3 startup big incr PEERS  0 = ib3 only (default in SMOKE)
#           (incr: a day of writes added to a copy of the tree, then a nightly backup: ib3 full,
#            ib3 --incremental, rclone copy onto its earlier copy; once, not per repetition)
#           (big: a 5 GiB sparse object backed up with -Xmx256m, once, not per repetition)
#   BENCH_DIR  work directory (default: a new one under $TMPDIR, removed at the end unless KEEP=1)
#   IB3_JAVA_OPTS  extra JVM options for ib3; IB3_JAR another build (before/after comparisons)
#   REPORT_ONLY=1  print the table of BENCH_DIR/results.tsv again, run nothing
#
# Peers come from Debian packages (rclone, awscli, time), installed when missing unless PEERS=0.
# S3 runs against S3Proxy (target/test-servers/s3proxy.jar, filesystem backend) on 127.0.0.1.
# Nothing here needs the internet except apt-get for missing peers and Maven for a missing build.
set -euo pipefail
cd "$(dirname "$0")/../../.."
REPO=$PWD

SMOKE=${SMOKE:-0}
if [ "$SMOKE" = 1 ]; then
  SCALE=${SCALE:-0.004}; REPS=${REPS:-1}; PEERS=${PEERS:-0}; STARTUP_REPS=${STARTUP_REPS:-1}
else
  SCALE=${SCALE:-1}; REPS=${REPS:-3}; PEERS=${PEERS:-1}; STARTUP_REPS=${STARTUP_REPS:-$(( REPS > 5 ? REPS : 5 ))}
fi
if [ "$SMOKE" = 1 ]; then CASES=${CASES:-"ff fs ss verify verify-s3 startup incr"}; else CASES=${CASES:-"ff fs ss verify verify-s3 startup big incr"}; fi
KEEP=${KEEP:-0}
IB3_JAVA_OPTS=${IB3_JAVA_OPTS:-}
JAR=${IB3_JAR:-$REPO/target/ib3.jar}
S3PROXY_JAR=$REPO/target/test-servers/s3proxy.jar
CP=$REPO/target/test-classes:$REPO/target/classes:$JAR

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }
has_case() { [[ " $CASES " == *" $1 "* ]]; }

# ------------------------------------------------------------------ tools
install_peers() {
  local missing=()
  command -v rclone > /dev/null || missing+=(rclone)
  [ -x /usr/bin/aws ] || missing+=(awscli)
  [ -x /usr/bin/time ] || missing+=(time)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]} from Debian packages"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" > /dev/null \
      || die "cannot install ${missing[*]} (run as root, or PEERS=0 for ib3 only)"
  fi
}
[ "$PEERS" = 1 ] && install_peers
# the awscli on PATH may be pip's 1.x; the documented procedure uses Debian's (test-servers.md §0)
AWS=/usr/bin/aws
# rclone cannot load a CA bundle for plain-http endpoints (test-servers.md §0)
RCLONE=(env -u AWS_CA_BUNDLE rclone)

if [ ! -f "$JAR" ]; then log "building target/ib3.jar"; mvn -q -B -ntp -DskipTests package; fi
if [ ! -f "$REPO/target/test-classes/io/ib3/bench/GenerateTree.class" ] || [ ! -f "$S3PROXY_JAR" ]; then
  log "compiling the tree generator"; mvn -q -B -ntp -DskipTests test-compile
fi

# ------------------------------------------------------------------ work dir, trees
if [ -n "${BENCH_DIR:-}" ]; then WORK=$BENCH_DIR; mkdir -p "$WORK"; else WORK=$(mktemp -d "${TMPDIR:-/tmp}/ib3-bench.XXXXXX"); fi
S3PID=
cleanup() {
  [ -n "$S3PID" ] && kill "$S3PID" 2> /dev/null || true
  [ "$KEEP" = 1 ] || rm -rf "$WORK"
}
trap cleanup EXIT

SRC=$WORK/src
if [ ! -f "$WORK/src.count" ]; then
  log "generating the trees (scale $SCALE) in $SRC"
  rm -rf "$SRC"
  java -cp "$CP" io.ib3.bench.GenerateTree "$SRC" "$SCALE" > "$WORK/src.count"
  rm -rf "$WORK/small"
  java -cp "$CP" io.ib3.bench.GenerateTree "$WORK/small" 0.002 > /dev/null
fi
read -r OBJECTS BYTES < "$WORK/src.count"
log "source: $OBJECTS objects, $BYTES bytes"

# ------------------------------------------------------------------ S3Proxy
S3DATA=$WORK/s3
PORT=
export AWS_ACCESS_KEY_ID=local-identity AWS_SECRET_ACCESS_KEY=local-credential AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
start_s3proxy() {
  mkdir -p "$S3DATA"
  PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  cat > "$WORK/s3proxy.conf" <<EOF
s3proxy.endpoint=http://127.0.0.1:$PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$AWS_ACCESS_KEY_ID
s3proxy.credential=$AWS_SECRET_ACCESS_KEY
jclouds.provider=filesystem
jclouds.filesystem.basedir=$S3DATA
EOF
  java -jar "$S3PROXY_JAR" --properties "$WORK/s3proxy.conf" > "$WORK/s3proxy.log" 2>&1 &
  S3PID=$!
  for _ in $(seq 1 300); do
    curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break
    kill -0 "$S3PID" 2> /dev/null || die "S3Proxy did not start: $(tail -3 "$WORK/s3proxy.log")"
    sleep 0.1
  done
  export RCLONE_CONFIG_S3T_TYPE=s3 RCLONE_CONFIG_S3T_PROVIDER=Other RCLONE_CONFIG_S3T_ENDPOINT=http://127.0.0.1:$PORT \
    RCLONE_CONFIG_S3T_ACCESS_KEY_ID=$AWS_ACCESS_KEY_ID RCLONE_CONFIG_S3T_SECRET_ACCESS_KEY=$AWS_SECRET_ACCESS_KEY \
    RCLONE_CONFIG_S3T_REGION=us-east-1 RCLONE_CONFIG_S3T_FORCE_PATH_STYLE=true
  export IB3_PROFILES=$WORK/profiles
  mkdir -p "$IB3_PROFILES"
  log "S3Proxy on 127.0.0.1:$PORT (filesystem backend in $S3DATA)"
}
# a bucket of S3Proxy's filesystem backend is a directory: creating and dropping one costs nothing
new_bucket() {
  rm -rf "${S3DATA:?}/$1"; mkdir -p "$S3DATA/$1"
  new_bucket_profile "$1"
}
new_bucket_profile() {
  # ib3 reaches a bucket through a profile: S3Proxy needs path-style and rejects x-amz-mp-object-size
  cat > "$IB3_PROFILES/$1.yaml" <<EOF
location: s3://$1
options:
  endpoint: http://127.0.0.1:$PORT
  region: us-east-1
  pathStyle: "true"
  stripHeaders: x-amz-mp-object-size
EOF
}
REPORT_ONLY=${REPORT_ONLY:-0}
[ "$REPORT_ONLY" = 1 ] && CASES=""
need_s3=0
for c in fs ss verify-s3 big incr; do has_case "$c" && need_s3=1; done
[ "$need_s3" = 1 ] && start_s3proxy

# ------------------------------------------------------------------ measuring
RESULTS=$WORK/results.tsv
[ "$REPORT_ONLY" = 1 ] || : > "$RESULTS"
IB3_FAILED=0
read -ra JOPTS <<< "$IB3_JAVA_OPTS"
# ib3 runs as a user types it: the ./ib3 launcher (with its class-data archive, kept in the work dir)
IB3=(env IB3_JAR="$JAR" IB3_CACHE="$WORK/cds" IB3_JAVA_OPTS="$IB3_JAVA_OPTS" "$REPO/ib3")
# the launcher's first run of a build records its archive: done here, not in a measured run
[ "$REPORT_ONLY" = 1 ] || "${IB3[@]}" inspect "$WORK/small/core" --json > /dev/null 2>&1 || true
script_file() { local f=$WORK/$1.ib3; shift; printf '%s\n' "$@" > "$f"; echo "$f"; }

# measure OP TOOL CMD…: wall time and peak RSS of one run, appended to the results
measure() {
  local op=$1 tool=$2; shift 2
  local tf=$WORK/time.out rc=0 wall rss
  sync
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -o "$tf" -f '%e %M' "$@" >> "$WORK/run.log" 2>&1 || rc=$?
    read -r wall rss < <(tail -1 "$tf")
  else
    local s e; s=$(date +%s%N)
    "$@" >> "$WORK/run.log" 2>&1 || rc=$?
    e=$(date +%s%N); wall=$(awk -v n=$(( e - s )) 'BEGIN { printf "%.2f", n / 1e9 }'); rss=0
  fi
  printf '%s\t%s\t%s\t%s\t%s\n' "$op" "$tool" "$wall" "$rss" "$rc" >> "$RESULTS"
  if [ "$rc" != 0 ]; then
    log "FAILED ($rc): $op / $tool — see $WORK/run.log"
    [[ "$tool" == ib3* ]] && IB3_FAILED=1
  fi
  log "$op / $tool: ${wall}s"
}

count_files() { find "$1" -type f ! -name '.*' | wc -l; }
check_copy() {   # WHERE NAME: the copy holds at least the source's objects
  local n; n=$(count_files "$1")
  if [ "$n" -lt "$OBJECTS" ]; then log "INCOMPLETE: $2 holds $n of $OBJECTS objects"; [[ "$2" == ib3* ]] && IB3_FAILED=1; fi
  return 0
}

# rotates the order of the tools each repetition, so load drift hits them alike
rotate() { local r=$1; shift; local a=("$@") n=$#; for i in $(seq 0 $(( n - 1 ))); do echo "${a[$(( (i + r) % n ))]}"; done; }

run_ff() {
  local rep=$1 tool dst
  for tool in $(rotate "$rep" ib3 cp rclone); do
    [ "$tool" != ib3 ] && [ "$PEERS" != 1 ] && continue
    dst=$WORK/ff-$tool; rm -rf "$dst"
    case $tool in
      ib3) measure "file->file" "ib3 backup" "${IB3[@]}" --script "$(script_file ff \
              "backup --from $SRC/core --to $dst --name core" "backup --from $SRC/enterprise --to $dst --name enterprise")"
           [ -d "$dst/core" ] && check_copy "$dst" "ib3 backup" ;;
      cp) measure "file->file" "cp -r" cp -r "$SRC" "$dst"; check_copy "$dst" "cp -r" ;;
      rclone) measure "file->file" "rclone copy" "${RCLONE[@]}" copy "$SRC" "$dst"; check_copy "$dst" "rclone copy" ;;
    esac
  done
}

run_fs() {
  local rep=$1 tool
  for tool in $(rotate "$rep" ib3 aws rclone); do
    [ "$tool" != ib3 ] && [ "$PEERS" != 1 ] && continue
    new_bucket "fs-$tool"
    case $tool in
      ib3) measure "file->S3" "ib3 backup" "${IB3[@]}" --script "$(script_file fs "mount dst @fs-ib3" \
              "backup --from file://$SRC/core --to dst:/ --name core" "backup --from file://$SRC/enterprise --to dst:/ --name enterprise")" ;;
      aws) measure "file->S3" "aws s3 sync" env -u AWS_CA_BUNDLE "$AWS" --endpoint-url "http://127.0.0.1:$PORT" \
              s3 sync "$SRC" s3://fs-aws/ --only-show-errors ;;
      rclone) measure "file->S3" "rclone copy" "${RCLONE[@]}" copy "$SRC" s3t:fs-rclone ;;
    esac
    check_copy "$S3DATA/fs-$tool" "$tool (file->S3)"
  done
}

fill_source_bucket() {
  if [ -d "$S3DATA/s3-src" ] && [ "$(count_files "$S3DATA/s3-src")" -ge "$OBJECTS" ]; then
    new_bucket_profile s3-src; return 0   # kept from an earlier run in the same BENCH_DIR
  fi
  new_bucket s3-src
  if [ "$PEERS" = 1 ]; then
    "${RCLONE[@]}" copy "$SRC" s3t:s3-src   # real objects, written through the S3 API
  else
    cp -r "$SRC/." "$S3DATA/s3-src/"        # the filesystem backend serves plain files as objects
  fi
}

run_ss() {
  local rep=$1 tool
  printf '[default]\ns3 =\n  multipart_threshold = 5GB\n' > "$WORK/aws-copy.config"
  for tool in $(rotate "$rep" ib3 aws rclone); do
    [ "$tool" != ib3 ] && [ "$PEERS" != 1 ] && continue
    new_bucket "ss-$tool"
    case $tool in
      ib3) measure "S3->S3" "ib3 backup" "${IB3[@]}" --script "$(script_file ss "mount src @s3-src" "mount dst @ss-ib3" \
              "backup --from src:/core --to dst:/ --name core" "backup --from src:/enterprise --to dst:/ --name enterprise")" ;;
      # single CopyObject requests, as rclone makes below 4.6 GiB: a multipart copy makes the awscli
      # ask GetObjectTagging, which S3Proxy does not implement
      aws) measure "S3->S3" "aws s3 sync" env -u AWS_CA_BUNDLE AWS_CONFIG_FILE="$WORK/aws-copy.config" "$AWS" \
              --endpoint-url "http://127.0.0.1:$PORT" s3 sync s3://s3-src/ s3://ss-aws/ --only-show-errors ;;
      rclone) measure "S3->S3" "rclone copy" "${RCLONE[@]}" copy s3t:s3-src s3t:ss-rclone ;;
    esac
    check_copy "$S3DATA/ss-$tool" "$tool (S3->S3)"
  done
}

# verify reads the ib3 backup of the last file->file run; rclone checks the same folder against the source
run_verify() {
  local rep=$1 dst=$WORK/ff-ib3 tool
  [ -d "$dst/core" ] || { log "verify needs the ff case"; return 0; }
  for tool in $(rotate "$rep" ib3 rclone); do
    [ "$tool" != ib3 ] && [ "$PEERS" != 1 ] && continue
    case $tool in
      ib3) measure "verify (no data read)" "ib3 verify" "${IB3[@]}" --script "$(script_file v "verify $dst/core" "verify $dst/enterprise")"
           measure "verify --deep (read all)" "ib3 verify --deep" "${IB3[@]}" --script "$(script_file vd "verify --deep $dst/core" "verify --deep $dst/enterprise")" ;;
      rclone) measure "verify (no data read)" "rclone check --size-only" "${RCLONE[@]}" check --one-way --size-only "$SRC" "$dst"
              measure "verify --deep (read all)" "rclone check (md5)" "${RCLONE[@]}" check --one-way "$SRC" "$dst"
              measure "verify --deep (read all)" "rclone check --download" "${RCLONE[@]}" check --one-way --download "$SRC" "$dst" ;;
    esac
  done
}

run_verify_s3() {
  local rep=$1 tool
  [ -d "$S3DATA/fs-ib3/core" ] || { log "verify-s3 needs the fs case"; return 0; }
  for tool in $(rotate "$rep" ib3 rclone); do
    [ "$tool" != ib3 ] && [ "$PEERS" != 1 ] && continue
    case $tool in
      ib3) measure "S3 verify (no data read)" "ib3 verify" "${IB3[@]}" --script "$(script_file vs "mount b @fs-ib3" "verify b:/core" "verify b:/enterprise")"
           measure "S3 verify --deep (read all)" "ib3 verify --deep" "${IB3[@]}" --script "$(script_file vsd "mount b @fs-ib3" "verify --deep b:/core" "verify --deep b:/enterprise")" ;;
      rclone) measure "S3 verify (no data read)" "rclone check --size-only" "${RCLONE[@]}" check --one-way --size-only "$SRC" s3t:fs-ib3
              measure "S3 verify --deep (read all)" "rclone check --download" "${RCLONE[@]}" check --one-way --download "$SRC" s3t:fs-ib3 ;;
    esac
  done
}

# memory: a 5 GiB object (a sparse file: no disk space until copied) backs up with a 256 MiB heap
run_big() {
  local big=$WORK/big free_gib
  free_gib=$(df -P --block-size=1G "$WORK" | awk 'NR == 2 { print $4 }')
  if [ "$free_gib" -lt 16 ]; then log "big: skipped, $free_gib GiB free in $WORK (16 needed)"; return 0; fi
  if [ ! -d "$big" ]; then
    cp -r "$WORK/small/core" "$big"
    mkdir -p "$big/node0/dbs/1/0/2026-06-17/14-00"
    truncate -s 5G "$big/node0/dbs/1/0/2026-06-17/14-00/9999999999.parquet"
  fi
  local small=(env IB3_JAR="$JAR" IB3_CACHE="$WORK/cds" IB3_JAVA_OPTS="$IB3_JAVA_OPTS -Xmx256m" "$REPO/ib3")
  rm -rf "$WORK/big-dst"
  measure "5 GiB object, -Xmx256m" "ib3 backup file->file" "${small[@]}" backup --from "$big" --to "$WORK/big-dst" --name b
  rm -rf "$WORK/big-dst"
  if [ "$need_s3" = 1 ]; then
    new_bucket big-ib3
    measure "5 GiB object, -Xmx256m" "ib3 backup file->S3" "${small[@]}" --script "$(script_file big "mount dst @big-ib3" \
      "backup --from file://$big --to dst:/ --name b")"
    rm -rf "${S3DATA:?}/big-ib3"
  fi
  # no cp -r row: cp copies a sparse file as holes, ib3 (like a copy to S3) writes every byte
}

# start-up of a one-shot command as a user types it (./ib3, which maps classes from its AppCDS
# archive), beside plain java -jar (no archive) and java -version (the JVM alone)
run_startup() {
  local rep=$1 i
  for i in $(seq 1 "$STARTUP_REPS"); do
    for tool in $(rotate "$(( rep + i ))" ib3 jar java); do
      case $tool in
        ib3) measure "start-up (small tree)" "ib3 inspect --json (./ib3)" "${IB3[@]}" inspect "$WORK/small/core" --json ;;
        jar) measure "start-up (small tree)" "java -jar ib3.jar inspect" \
               java "${JOPTS[@]}" -jar "$JAR" inspect "$WORK/small/core" --json ;;
        java) measure "start-up (small tree)" "java -version" java -version ;;
      esac
    done
  done
}

# a nightly backup after a day of writes (AppendDay: 144 snapshots per data node and the WAL window
# moved on): a full ib3 backup, an incremental one on the backup of the day before, and rclone
# copying onto its copy of the day before (it skips files of the same size and mtime)
run_incr() {
  local src=$WORK/incr-src dst=$WORK/incr-ib3 rdst=$WORK/incr-rclone
  rm -rf "$src" "$dst" "$rdst"
  cp -r "$SRC" "$src"
  "${IB3[@]}" --script "$(script_file incr0 "backup --from $src/core --to $dst/core --name day0" \
      "backup --from $src/enterprise --to $dst/enterprise --name day0")" >> "$WORK/run.log" 2>&1 || die "incr: the day-0 backup failed"
  [ "$PEERS" = 1 ] && "${RCLONE[@]}" copy "$src" "$rdst"
  # and the same day 0 off-site, into S3
  new_bucket incr-s3
  "${IB3[@]}" --script "$(script_file incrs0 "mount dst @incr-s3" "backup --from file://$src/core --to dst:/core --name day0" \
      "backup --from file://$src/enterprise --to dst:/enterprise --name day0")" >> "$WORK/run.log" 2>&1 || die "incr: the day-0 S3 backup failed"
  if [ "$PEERS" = 1 ]; then new_bucket incr-rclone; "${RCLONE[@]}" copy "$src" s3t:incr-rclone; fi
  # a day is 144 snapshots at scale 1 (a snapshot every 10 minutes), fewer for a smaller tree
  local day; day=${INCR_SNAPSHOTS:-$(awk -v s="$SCALE" 'BEGIN { n = int(144 * s + 0.5); print (n < 2 ? 2 : n) }')}
  read -r DAY_OBJECTS DAY_BYTES < <(java -cp "$CP" io.ib3.bench.AppendDay "$src" "$day")
  log "a day of writes: $DAY_OBJECTS new objects, $DAY_BYTES bytes"
  measure "nightly, after a day of writes" "ib3 backup --incremental" "${IB3[@]}" --script "$(script_file incr1 \
      "backup --from $src/core --to $dst/core --name day1 --incremental" \
      "backup --from $src/enterprise --to $dst/enterprise --name day1 --incremental")"
  measure "nightly, after a day of writes" "ib3 backup (full)" "${IB3[@]}" --script "$(script_file incr2 \
      "backup --from $src/core --to $dst/core --name day1-full" \
      "backup --from $src/enterprise --to $dst/enterprise --name day1-full")"
  [ "$PEERS" = 1 ] && measure "nightly, after a day of writes" "rclone copy (onto day 0)" "${RCLONE[@]}" copy "$src" "$rdst"
  # the same night off-site: into S3, where what is not copied is not sent either
  measure "nightly into S3" "ib3 backup --incremental" "${IB3[@]}" --script "$(script_file incrs1 "mount dst @incr-s3" \
      "backup --from file://$src/core --to dst:/core --name day1 --incremental" \
      "backup --from file://$src/enterprise --to dst:/enterprise --name day1 --incremental")"
  measure "nightly into S3" "ib3 backup (full)" "${IB3[@]}" --script "$(script_file incrs2 "mount dst @incr-s3" \
      "backup --from file://$src/core --to dst:/core --name day1-full" \
      "backup --from file://$src/enterprise --to dst:/enterprise --name day1-full")"
  [ "$PEERS" = 1 ] && measure "nightly into S3" "rclone copy (onto day 0)" "${RCLONE[@]}" copy "$src" s3t:incr-rclone
  INCR_NOTE="nightly: a day of writes is $DAY_OBJECTS new objects, $(awk -v b="$DAY_BYTES" 'BEGIN { printf "%.1f MiB", b / 1048576 }');"
  INCR_NOTE="$INCR_NOTE the incremental holds $(du -sb "$dst/core/day1" "$dst/enterprise/day1" | awk '{ s += $1 } END { printf "%.1f MiB", s / 1048576 }'),"
  INCR_NOTE="$INCR_NOTE the full one $(du -sb "$dst/core/day1-full" "$dst/enterprise/day1-full" | awk '{ s += $1 } END { printf "%.1f MiB", s / 1048576 }')"
  log "$INCR_NOTE"
  "${IB3[@]}" verify "$dst/core/day1" --deep >> "$WORK/run.log" 2>&1 || { log "FAILED: verify of the incremental"; IB3_FAILED=1; }
}

PSI_BEFORE=$(awk '/^some/ { print $4 }' /proc/pressure/cpu 2> /dev/null || echo n/a)
has_case ss && fill_source_bucket
[ "$REPORT_ONLY" = 1 ] && REPS=0
for rep in $(seq 1 "$REPS"); do
  log "repetition $rep of $REPS"
  has_case ff && run_ff "$rep"
  has_case fs && run_fs "$rep"
  has_case ss && run_ss "$rep"
  has_case verify && run_verify "$rep"
  has_case verify-s3 && run_verify_s3 "$rep"
  has_case startup && run_startup "$rep"
done
has_case big && run_big
INCR_NOTE=
has_case incr && run_incr
PSI_AFTER=$(awk '/^some/ { print $2, $3, $4 }' /proc/pressure/cpu 2> /dev/null || echo n/a)

# ------------------------------------------------------------------ the table
{
  printf 'ib3 benchmark, %s, %s: %s CPUs, %s GiB RAM, %s\n' "$(date -u +%Y-%m-%dT%H:%MZ)" "$(hostname)" "$(nproc)" \
    "$(awk '/MemTotal/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo)" "$(java -version 2>&1 | head -1)"
  printf 'tree: %s objects, %.2f GiB (scale %s); %s repetition(s), interleaved; median wall time; CPU pressure (PSI some) avg300 before %s, after %s\n' \
    "$OBJECTS" "$(awk -v b="$BYTES" 'BEGIN { print b / 1073741824 }')" "$SCALE" "$REPS" "$PSI_BEFORE" "$PSI_AFTER"
  awk -F'\t' -v bytes="$BYTES" -v objects="$OBJECTS" '
    function median(list,   a, n, i, j, t) {
      n = split(list, a, " ")
      for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    {
      key = $1 SUBSEP $2
      if (!($1 in seenop)) { seenop[$1] = 1; oporder[++nops] = $1 }
      if (!(key in walls)) { tools[$1] = tools[$1] (tools[$1] == "" ? "" : SUBSEP SUBSEP) key }
      walls[key] = walls[key] (walls[key] == "" ? "" : " ") $3
      if ($4 + 0 > rss[key] + 0) rss[key] = $4
      if ($5 != 0) failed[key]++
      if ($2 ~ /^ib3/ && $2 !~ /AppCDS/ && !($1 in ib3)) ib3[$1] = key
    }
    END {
      printf "%-28s %-26s %8s %9s %9s %9s %10s  %s\n", "operation", "tool", "wall s", "MiB/s", "objects/s", "RSS MiB", "ib3/peer", "runs (s)"
      # rows grouped by operation, in the order operations and tools first ran
      for (o = 1; o <= nops; o++) {
        c = split(tools[oporder[o]], list, SUBSEP SUBSEP)
        for (j = 1; j <= c; j++) order[++n] = list[j]
      }
      for (i = 1; i <= n; i++) {
        split(order[i], k, SUBSEP); m = median(walls[order[i]])
        med[order[i]] = m
      }
      for (i = 1; i <= n; i++) {
        split(order[i], k, SUBSEP); m = med[order[i]]
        tput = (k[1] ~ /start-up/ || m == 0) ? "-" : sprintf("%.0f", (k[1] ~ /5 GiB/ ? 5 * 1024 : bytes / 1048576) / m)
        ops = (k[1] ~ /start-up|5 GiB/ || m == 0) ? "-" : sprintf("%.0f", objects / m)
        ratio = "-"
        if (k[2] !~ /^ib3/ && (k[1] in ib3) && m > 0) ratio = sprintf("%.2fx", med[ib3[k[1]]] / m)
        printf "%-28s %-26s %8.2f %9s %9s %9.0f %10s  %s%s\n", (k[1] == last ? "" : k[1]), k[2], m, tput, ops,
          rss[order[i]] / 1024, ratio, walls[order[i]], (failed[order[i]] ? "  FAILED x" failed[order[i]] : "")
        last = k[1]
      }
    }' "$RESULTS"
  echo "ib3/peer: ib3's median wall time over the peer's (below 1 = ib3 faster). MiB/s and objects/s are the whole tree over the wall time."
  [ -n "${INCR_NOTE:-}" ] && echo "$INCR_NOTE"
} | tee "$WORK/table.txt"

[ "$KEEP" = 1 ] && log "kept $WORK (results.tsv, table.txt, run.log)"
if [ "$IB3_FAILED" != 0 ]; then die "an ib3 run failed or copied too little; see the log above"; fi

#!/usr/bin/env bash
# Start-up of a one-shot command: `inspect --json` on the demo tree, median of N runs, as users
# type it (./ib3, with its class-data archive) and as plain `java -jar`, beside the JVM's own
# start (`java -version`). Build first: mvn -q -DskipTests package
set -euo pipefail
cd "$(dirname "$0")/../../.."
N=${N:-5}
JAR=target/ib3.jar
[ -f "$JAR" ] || { echo "build first: mvn -q -DskipTests package" >&2; exit 2; }
java -jar "$JAR" inspect demo:core --json > /dev/null   # writes the demo tree once, outside the timing
./ib3 inspect demo:core --json > /dev/null              # and records the launcher's archive
ms() { local s e; s=$(date +%s%N); "$@" > /dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
jv=(); ib=(); lb=()
for i in $(seq "$N"); do            # interleaved, so load drift hits both alike
  jv+=("$(ms java -version)")
  ib+=("$(ms java -jar "$JAR" inspect demo:core --json)")
  lb+=("$(ms ./ib3 inspect demo:core --json)")
done
mj=$(printf '%s\n' "${jv[@]}" | median)
mi=$(printf '%s\n' "${ib[@]}" | median)
ml=$(printf '%s\n' "${lb[@]}" | median)
printf 'runs: %s   java: %s\n' "$N" "$(java -version 2>&1 | head -1)"
printf '%-40s %8s ms   (runs: %s)\n' "java -version" "$mj" "${jv[*]}"
printf '%-40s %8s ms   (runs: %s)\n' "java -jar ib3.jar inspect demo:core --json" "$mi" "${ib[*]}"
printf '%-40s %8s ms   (runs: %s)\n' "./ib3 inspect demo:core --json" "$ml" "${lb[*]}"
awk -v a="$ml" -v b="$mj" 'BEGIN { printf "ratio ./ib3 / java -version: %.1fx\n", a / b }'

#!/usr/bin/env bash
# Makes, on the build machine, the folder bench/gpu/run.sh needs on a GPU machine (which has no Java, no Maven and
# no network): a jlinked Java runtime, the engine's jars, its test jars, the GPU benchmarks compiled with JMH, and
# the JUnit console launcher. It lands in bench/gpu/target/carry (ignored by git); name that folder in the device
# call's carry. Prints the folder's size, which must stay under the 64 MiB a call may carry.
#
#   bench/gpu/prepare.sh [--no-build]     --no-build: reuse the jars already built (mvn install) as they are
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
source "$root/scripts/env.sh"
cd "$root"
here=bench/gpu
carry="$here/target/carry"
tmp="$here/target/prepare"
limit=$((64 * 1024 * 1024))

if [ "${1:-}" != "--no-build" ]; then
  flock /tmp/triptych-build.lock mvn -B -q -o install -DskipTests -pl native,bindings,engine
fi
rm -rf "$carry" "$tmp"
mkdir -p "$carry/app" "$carry/test" "$carry/bench" "$tmp/classes"

prop() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" pom.xml | head -1; }
version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -1)
junit_platform="1.$(prop junit.version | cut -d. -f2-)"
copy() {
  # Local repository first; the console launcher may need one download from Maven Central.
  mvn -B -q -o dependency:copy -Dartifact="$1" -DoutputDirectory="$2" 2>/dev/null ||
    mvn -B -q dependency:copy -Dartifact="$1" -DoutputDirectory="$2"
}

cp "native/target/triptych-native-$version.jar" "bindings/target/triptych-bindings-$version.jar" \
  "engine/target/triptych-engine-$version.jar" "$carry/app/"
copy "org.bytedeco:openblas:$(prop openblas.version):jar:linux-x86_64" "$carry/app"
cp "engine/target/triptych-engine-$version-tests.jar" "$carry/test/"
"$JAVA_HOME/bin/jar" cf "$carry/test/triptych-bindings-$version-tests.jar" -C bindings/target/test-classes .
copy "org.junit.platform:junit-platform-console-standalone:$junit_platform" "$tmp"
mv "$tmp/junit-platform-console-standalone-$junit_platform.jar" "$carry/junit-platform-console-standalone.jar"

# The GPU benchmarks: JMH generates their harness at compile time. jopt-simple and commons-math3 are jmh-core's
# own dependencies at JMH 1.37.
jmh="$(prop jmh.version)"
copy "org.openjdk.jmh:jmh-core:$jmh" "$carry/bench"
copy "net.sf.jopt-simple:jopt-simple:5.0.4" "$carry/bench"
copy "org.apache.commons:commons-math3:3.6.1" "$carry/bench"
copy "org.openjdk.jmh:jmh-generator-annprocess:$jmh" "$tmp"
app_cp="$(ls "$carry"/app/*.jar | tr '\n' ':')"
bench_cp="$(ls "$carry"/bench/*.jar | tr '\n' ':')"
"$JAVA_HOME/bin/javac" --release 25 -Xlint:all,-processing,-serial,-try -proc:full \
  -processorpath "$tmp/jmh-generator-annprocess-$jmh.jar:$carry/bench/jmh-core-$jmh.jar" \
  -cp "$app_cp$bench_cp" -d "$tmp/classes" "$here"/*.java
"$JAVA_HOME/bin/jar" cf "$carry/bench/triptych-gpu-bench.jar" -C "$tmp/classes" .

# A runtime with just the modules the carried jars use (JMH forks JVMs through java.management, System.Logger
# writes through java.logging, JUnit scans jars through jdk.zipfs). The OpenBLAS jar holds only native libraries and
# a module descriptor naming a Java module that is not carried, so jdeps skips it.
modules="$("$JAVA_HOME/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 25 \
  $(ls "$carry"/app/*.jar | grep -v openblas) "$carry"/test/*.jar "$carry"/bench/*.jar \
  "$carry/junit-platform-console-standalone.jar")"
modules="$(echo "$modules,java.logging,java.management,jdk.unsupported,jdk.zipfs" | tr ',' '\n' | sort -u | paste -sd,)"
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --compress=zip-0 \
  --output "$tmp/jre"
tar cJf "$carry/jre.tar.xz" -C "$tmp" jre
rm -rf "$tmp"

size=$(du -sb "$carry" | cut -f1)
echo "prepare.sh: $carry holds $(( size / 1024 / 1024 )) MiB ($size bytes; the limit is 64 MiB); runtime modules: $modules"
find "$carry" -type f -printf '  %10s  %P\n' | sort -k2
if [ "$size" -ge "$limit" ]; then
  echo "prepare.sh: too big to carry" >&2
  exit 1
fi
echo "prepare.sh: run on the GPU with carry [\"$carry\"] and the command: bench/gpu/run.sh"

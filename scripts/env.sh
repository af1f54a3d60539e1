# Sourced by the project's scripts: picks a JDK 22+ (FFM is final from 22) and quiets Maven's own JDK warnings.
# The project's machines have Temurin 25 beside a default Java 17, so that one is preferred when present.
triptych_jdk=/usr/lib/jvm/temurin-25-jdk-amd64
if [ -x "$triptych_jdk/bin/java" ]; then
  export JAVA_HOME="$triptych_jdk"
fi
if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/java" ]; then
  echo "triptych: no JDK found: set JAVA_HOME to a JDK 22 or newer" >&2
  exit 1
fi
triptych_java_major=$("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
if [ "${triptych_java_major:-0}" -lt 22 ] 2>/dev/null; then
  echo "triptych: JAVA_HOME=$JAVA_HOME is Java $triptych_java_major; Triptych needs JDK 22 or newer (FFM)" >&2
  exit 1
fi
export PATH="$JAVA_HOME/bin:$PATH"
# Maven 3.8's bundled Guava calls sun.misc.Unsafe, which JDK 24+ warns about on every run.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"

# Sourced by ./mvnw and ./slt: points JAVA_HOME at a JDK 25 or newer, or explains what to install.
# Order: $JAVA_HOME if it is 25+, then `java` on PATH, then the usual JDK folders.
slt_java_major() {
  # prints the major version of the java binary $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}
slt_is_jdk25() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  slt_v=$(slt_java_major "$1/bin/java")
  [ -n "$slt_v" ] && [ "$slt_v" -ge 25 ]
}
slt_find_jdk25() {
  if [ -n "${JAVA_HOME-}" ] && slt_is_jdk25 "$JAVA_HOME"; then return 0; fi
  if command -v javac >/dev/null 2>&1; then
    slt_home=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    if slt_is_jdk25 "$slt_home"; then JAVA_HOME=$slt_home; export JAVA_HOME; return 0; fi
  fi
  case $- in *f*) slt_noglob=1; set +f;; *) slt_noglob=0;; esac  # mvnw runs with globbing off
  for slt_home in /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    if slt_is_jdk25 "$slt_home"; then JAVA_HOME=$slt_home; export JAVA_HOME; [ $slt_noglob = 1 ] && set -f; return 0; fi
  done
  [ $slt_noglob = 1 ] && set -f
  {
    echo "SLT needs a JDK 25 or newer, and none was found."
    [ -n "${JAVA_HOME-}" ] && echo "  JAVA_HOME=$JAVA_HOME is not a JDK 25+."
    command -v java >/dev/null 2>&1 && echo "  'java' on PATH is version $(slt_java_major "$(command -v java)")."
    echo "  Looked in: /usr/lib/jvm, /opt/java, /opt/jdk*, /usr/local/java, ~/.sdkman, ~/.jdks."
    echo "Install one, e.g. Eclipse Temurin 25 (https://adoptium.net, or apt package temurin-25-jdk"
    echo "from the Adoptium repository), then set JAVA_HOME to its folder and try again."
  } >&2
  return 1
}
slt_find_jdk25 || exit 1

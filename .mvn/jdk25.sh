# Sourced by ./mvnw and ./slt: points JAVA_HOME at a JDK 25 or newer, or explains what to install.
# Order: $JAVA_HOME if it is 25+, then `javac` on PATH, then the usual JDK folders
# (SLT_JDK_DIRS, colon-separated, replaces that folder list).
slt_java_major() {
  # prints the major version of the java binary $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}
slt_is_jdk25() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  slt_v=$(slt_java_major "$1/bin/java")
  [ -n "$slt_v" ] && [ "$slt_v" -ge 25 ]
}
slt_jdk_candidates() {
  # one folder per line; mvnw runs with globbing off, so switch it on here (we are in a subshell)
  set +f
  slt_dirs=${SLT_JDK_DIRS-/usr/lib/jvm:/opt/java:/opt:/usr/local/java:/Library/Java/JavaVirtualMachines:$HOME/.sdkman/candidates/java:$HOME/.jdks}
  IFS=:
  for slt_d in $slt_dirs; do
    [ -d "$slt_d" ] || continue
    for slt_c in "$slt_d"/*; do
      [ -d "$slt_c/Contents/Home" ] && slt_c="$slt_c/Contents/Home"
      printf '%s\n' "$slt_c"
    done
  done
}
slt_find_jdk25() {
  if [ -n "${JAVA_HOME-}" ] && slt_is_jdk25 "$JAVA_HOME"; then return 0; fi
  if command -v javac >/dev/null 2>&1; then
    slt_home=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    if slt_is_jdk25 "$slt_home"; then JAVA_HOME=$slt_home; export JAVA_HOME; return 0; fi
  fi
  slt_list=$(slt_jdk_candidates)
  slt_ifs=$IFS
  IFS='
'
  for slt_home in $slt_list; do
    if slt_is_jdk25 "$slt_home"; then IFS=$slt_ifs; JAVA_HOME=$slt_home; export JAVA_HOME; return 0; fi
  done
  IFS=$slt_ifs
  {
    echo "SLT needs a JDK 25 or newer, and none was found."
    if [ -n "${JAVA_HOME-}" ]; then echo "  JAVA_HOME=$JAVA_HOME is not a JDK 25+."; fi
    if command -v java >/dev/null 2>&1; then echo "  'java' on PATH is version $(slt_java_major "$(command -v java)")."; fi
    echo "  Looked in: ${SLT_JDK_DIRS-/usr/lib/jvm, /opt/java, /opt, /usr/local/java, ~/.sdkman, ~/.jdks}"
    echo "Install one, e.g. Eclipse Temurin 25 (https://adoptium.net, or the package temurin-25-jdk"
    echo "from the Adoptium apt repository), then set JAVA_HOME to its folder and try again."
  } >&2
  return 1
}
slt_find_jdk25 || exit 1

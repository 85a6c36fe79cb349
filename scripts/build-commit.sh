#!/bin/sh
# Run by the build (pom.xml, generate-resources): writes OUT, a properties file that goes into the jar, with the commit
# the classes are built from ("-dirty" when src/main or pom.xml has uncommitted changes, the rule of
# RunProvenance.gitCommit), or "unknown" outside a git checkout. A run records it as jar_commit, so a copy of the jar
# (runs/jars/...) still says what it is, whatever the checkout's HEAD is when it runs.
set -u
out=$1
cd "$(dirname "$0")/.." || exit 1
commit=$(git rev-parse HEAD 2>/dev/null) || commit=unknown
if [ "$commit" != unknown ] && [ -n "$(git status --porcelain --untracked-files=no -- src/main pom.xml 2>/dev/null)" ]; then
  commit="$commit-dirty"
fi
mkdir -p "$(dirname "$out")"
printf 'build_commit=%s\n' "$commit" > "$out"

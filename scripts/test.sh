#!/usr/bin/env bash
# `npm test`: typecheck, lint, import rules, unit tests, integration tests over HTTP on a
# real database (PostgreSQL when TEST_DATABASE_URL is set, else embedded; both when
# SASAEAI_TEST_BOTH_ENGINES=1), then browser tests in Debian's Chromium. Ends with one
# "N passed, N failed" line; a suite that runs no test fails.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .tmp/results
rm -f .tmp/results/*.json

step() { echo; echo "━━ $1"; }

step "typecheck (tsc)"
npx tsc -p tsconfig.json --noEmit

step "lint (oxlint)"
npx oxlint --deny-warnings -c .oxlintrc.json server web core e2e bench scripts

step "import rules"
npx tsx scripts/check-deps.ts

run_vitest() { # name, project, extra env…
  local name=$1 project=$2; shift 2
  step "$name"
  env "$@" npx vitest run --project "$project" --reporter=default --reporter=json --outputFile=".tmp/results/$name.json"
}

run_vitest unit unit
step "build web (vite, when its sources changed)"
node scripts/build.mjs web

if [ -n "${TEST_DATABASE_URL:-}" ]; then
  run_vitest int-postgres int
  if [ "${SASAEAI_TEST_BOTH_ENGINES:-0}" = "1" ]; then
    run_vitest int-embedded int -u TEST_DATABASE_URL -u TEST_MIGRATION_DATABASE_URL
  fi
else
  run_vitest int-embedded int
fi

chromium_bin=$(command -v chromium || true)
if [ -n "$chromium_bin" ]; then
  run_vitest e2e e2e
elif [ "${SASAEAI_REQUIRE_BROWSER:-0}" = "1" ]; then
  echo "!! browser tests are required (SASAEAI_REQUIRE_BROWSER=1) but chromium is not installed" >&2
  exit 1
else
  echo
  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
  echo "!! SKIPPED: browser tests (e2e). Debian's chromium is not installed."
  echo "!! Install it with: apt-get install -y chromium fonts-noto-cjk"
  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
fi

step "summary"
node scripts/test-summary.mjs .tmp/results

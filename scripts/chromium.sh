#!/usr/bin/env bash
# Sourced by test.sh: the dashboard's browser tests drive Debian's Chromium (playwright-core downloads no browser).
# Installs it once, quietly; a machine that has it is left alone.
ensure_chromium() {
  [[ -x /usr/bin/chromium ]] && return 0
  echo "test: installing Debian's chromium for the dashboard's browser tests" >&2
  local sudo=''
  [[ "$(id -u)" -ne 0 ]] && sudo='sudo'
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null
}

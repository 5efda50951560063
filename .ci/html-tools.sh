# Sourced by .ci/run: the tools of the HTML publication's browser checks
# (tests/html/check.mjs, run by tests/it/html.rs). Debian's chromium, as
# root; axe-core, puppeteer-core and html-validate from npm, pinned by
# tests/html/package-lock.json and installed outside the clone (the cache
# survives between runs on the same machine). puppeteer-core downloads no
# browser: the check starts /usr/bin/chromium.

html_tools_npm="${UITVOERINGSPLAN_HTML_NPM:-$HOME/.cache/uitvoeringsplan/npm}"
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  html_need=""
  command -v chromium >/dev/null || html_need="$html_need chromium"
  command -v node >/dev/null || html_need="$html_need nodejs"
  command -v npm >/dev/null || html_need="$html_need npm"
  if [ -n "$html_need" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $html_need >/dev/null
  fi
fi
# npm ci only when the pinned versions changed since the last install.
if ! cmp -s tests/html/package-lock.json "$html_tools_npm/package-lock.json" \
  || [ ! -d "$html_tools_npm/node_modules" ]; then
  mkdir -p "$html_tools_npm"
  cp tests/html/package.json tests/html/package-lock.json "$html_tools_npm/"
  (cd "$html_tools_npm" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi
export UITVOERINGSPLAN_HTML_NODE_MODULES="$html_tools_npm/node_modules"
unset html_tools_npm html_need

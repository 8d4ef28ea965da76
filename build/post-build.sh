#!/bin/sh
# Trunk's post-build step (see Trunk.toml), run on the staging folder before it becomes dist/:
# 1. stamps the service worker and the early start with this build's id, so each build gets a
#    fresh offline cache and its own saved copies of corpora;
# 2. moves Trunk's inline start-up <script type="module"> into its own file, start-ID.js, so the
#    Content-Security-Policy in index.html can forbid inline scripts altogether;
# 3. writes the app's module and wasm names into the text keeper's worker script (keeper.js);
# 4. drops the integrity hash from the wasm's preload link: Chromium ignores integrity on a
#    preload of that kind (as="fetch") and says so in every visitor's console.
set -eu
dir="${TRUNK_STAGING_DIR:?run by Trunk as a post_build hook}"
id=$(ls "$dir" | grep '\.wasm$' | cksum | cut -d' ' -f1)
sed -i "s/__BUILD__/$id/" "$dir/sw.js" "$dir/early.js"

# 3. writes the app's module and wasm names into the text keeper's worker, which loads the same.
module=$(cd "$dir" && ls pq-explorer-*.js)
wasm=$(cd "$dir" && ls pq-explorer-*_bg.wasm)
for name in "$module" "$wasm"; do
  case "$name" in
    *[[:space:]]* | "") echo "post-build: expected one pq-explorer-*.js and one pq-explorer-*_bg.wasm, found: $name" >&2; exit 1 ;;
  esac
done
sed -i -e "s/__APP_MODULE__/$module/" -e "s/__APP_WASM__/$wasm/" "$dir/keeper.js"

start="start-$id.js"
awk -v out="$dir/$start" -v src="./$start" '
  inside && /<\/script>/ { inside = 0; moved = 1; next }
  inside { print > out; next }
  /<script type="module">/ && !moved {
    if ($0 !~ /^[ \t]*<script type="module">[ \t]*$/) {
      print "post-build: the start-up script is not on lines of its own; cannot move it" > "/dev/stderr"
      exit 1
    }
    inside = 1
    print "<script type=\"module\" src=\"" src "\"></script>"
    next
  }
  { print }
  END { if (!moved) { print "post-build: no inline start-up script in index.html" > "/dev/stderr"; exit 1 } }
' "$dir/index.html" > "$dir/index.html.next"
mv "$dir/index.html.next" "$dir/index.html"
# 4. the wasm's preload without its ignored integrity hash.
sed -i 's/\(<link rel="preload" [^>]*\) integrity="[^"]*"/\1/' "$dir/index.html"

if grep -q '<script>' "$dir/index.html" || grep -q '<script type="module">' "$dir/index.html"; then
  echo "post-build: index.html still has an inline script, which the page's CSP would block" >&2
  exit 1
fi

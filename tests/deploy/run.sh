#!/usr/bin/env bash
# The deploy recipes of docs/deploying.md, each run as the guide writes it
# (its commands are read from the page) against a real local server:
#   github-pages  a bare git repository as the remote of dist/'s checkout;
#   rsync         sshd on 127.0.0.1 with keys of the test's own;
#   s3            moto's S3 server on 127.0.0.1, read back with boto3;
#   rsync-changes, s3-changes  the same servers, sent only what
#                 `build --changes` lists.
# Each publishes a small site, edits a story, deletes another, publishes
# again, and checks what arrived (and, the second time, that only what
# changed was sent). Needs git, rsync, sshd, rclone and moto[server] +
# boto3 (scripts/test installs them). BROADSIDE_BIN: the binary to use
# (default target/release/broadside). Usage: tests/deploy/run.sh [RECIPE…]
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
bin=${BROADSIDE_BIN:-$repo/target/release/broadside}
recipes=("$@")
((${#recipes[@]})) || recipes=(github-pages rsync s3 rsync-changes s3-changes)

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/bin" "$work/home"
ln -s "$bin" "$work/bin/broadside"
export PATH="$work/bin:$PATH" HOME="$work/home"
export SOURCE_DATE_EPOCH=1767225600 BROADSIDE_CACHE_DIR="$work/cache" NO_COLOR=1
export GIT_AUTHOR_NAME=Test GIT_AUTHOR_EMAIL=test@example.com
export GIT_COMMITTER_NAME=Test GIT_COMMITTER_EMAIL=test@example.com GIT_CONFIG_NOSYSTEM=1

fail() { echo "FAIL: $*" >&2; exit 1; }

# The commands of the guide's block marked <!-- deploy: NAME -->.
recipe() {
  awk -v mark="<!-- deploy: $1 -->" '
    $0 == mark { found = 1; next }
    found && /^```sh/ { inside = 1; next }
    inside && /^```/ { exit }
    inside { print }' docs/deploying.md
}
# The variables the guide's settings block for NAME sets: the test gives its own.
settings() {
  awk -v mark="<!-- deploy-settings: $1 -->" '
    $0 == mark { found = 1; next }
    found && /^```sh/ { inside = 1; next }
    inside && /^```/ { exit }
    inside { sub(/=.*/, ""); print }' docs/deploying.md
}
run_recipe() {
  local name=$1 text
  text=$(recipe "$name")
  [ -n "$text" ] || fail "docs/deploying.md has no recipe $name"
  (cd "$site" && bash -euo pipefail -c "$text")
}
check_settings() {
  local name=$1 var
  for var in $(settings "$name"); do
    [ -n "${!var:-}" ] || fail "$name: the test does not set $var, which the guide's settings name"
  done
}

# A fresh site: three stories, one with a lead photo (so the build publishes
# JPEG share crops), the others get PNG share cards.
new_site() {
  site=$work/site-$1
  mkdir -p "$site/content"
  cp tests/fixtures/serve-feed-and-lead-image/{story.md,lead.png} "$site/content/"
  printf 'name = "Harbour Times"\nlanguage = "en"\n' > "$site/content/site.toml"
  printf '+++\ntitle = "Ferry Resumes"\ndate = 2024-03-05\n+++\n\nThe ferry runs again.\n' > "$site/content/ferry.md"
  printf '+++\ntitle = "Quay Lights"\ndate = 2024-03-06\n+++\n\nThe quay is lit.\n' > "$site/content/quay.md"
}
# The edit between two publishes: one story changed, one taken down.
edit_site() {
  printf '\nA correction: the ferry runs hourly.\n' >> "$site/content/ferry.md"
  rm "$site/content/quay.md"
}
# Files of dist/ (no dotfiles), and which of them changed since a copy.
site_files() { (cd "$1" && find . -type f -not -path './.*' | sed 's|^\./||' | sort); }
changed_since() {
  local before=$1 after=$2 f
  for f in $(site_files "$after"); do
    cmp -s "$before/$f" "$after/$f" || echo "$f"
  done
}
gone_since() { comm -23 <(site_files "$1") <(site_files "$2"); }
snapshot() { rm -rf "$work/before"; cp -a "$site/dist" "$work/before"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# Waits, up to 30 s, until something accepts connections on the port.
wait_port() {
  local i
  for i in $(seq 300); do
    python3 -c "import socket,sys; socket.create_connection(('127.0.0.1',$1),1)" 2>/dev/null && return 0
    sleep 0.1
  done
  fail "nothing listens on 127.0.0.1:$1"
}

test_github_pages() {
  new_site pages
  git init --quiet --bare "$work/remote.git"
  export SITE_URL=https://example.github.io/news/ REMOTE=$work/remote.git
  check_settings github-pages
  run_recipe github-pages-once
  run_recipe github-pages
  [ -f "$site/dist/.nojekyll" ] || fail "pages: no .nojekyll"
  local inode
  inode=$(stat -c %i "$site/dist/.git")
  snapshot
  edit_site
  run_recipe github-pages
  [ -f "$site/dist/.nojekyll" ] || fail "pages: the build lost .nojekyll"
  [ "$(stat -c %i "$site/dist/.git")" = "$inode" ] || fail "pages: the build did not keep dist/.git"
  local committed expected
  committed=$(git --git-dir="$work/remote.git" diff --name-only gh-pages~1 gh-pages | grep -v '^\.' | sort)
  expected=$( (changed_since "$work/before" "$site/dist"; gone_since "$work/before" "$site/dist") | sort)
  [ -n "$expected" ] || fail "pages: the edit changed nothing"
  [ "$committed" = "$expected" ] || fail "pages: the second commit changed $committed, the edit $expected"
  git clone --quiet --branch gh-pages "$work/remote.git" "$work/clone"
  diff -r --exclude=.git "$work/clone" "$site/dist" || fail "pages: the published branch differs from dist/"
  [ -f "$work/clone/.nojekyll" ] || fail "pages: .nojekyll not published"
  grep -q 'https://example.github.io/news/' "$work/clone/index.html" || fail "pages: no base URL in the front page"
  echo "ok github-pages: $(echo "$expected" | wc -l) files changed by the edit, exactly those committed"
}

# sshd on 127.0.0.1 with keys of the test's own, and an empty folder
# $work/www/ for it to serve; sets RSYNC_RSH and SSH_USER.
start_sshd() {
  local ssh=$work/ssh port
  rm -rf "$work/www"
  mkdir -p "$work/www"
  if [ -z "${RSYNC_RSH:-}" ]; then
    mkdir -p "$ssh"
    chmod 700 "$ssh"
    ssh-keygen -q -t ed25519 -N '' -f "$ssh/host"
    ssh-keygen -q -t ed25519 -N '' -f "$ssh/client"
    cp "$ssh/client.pub" "$ssh/authorized_keys"
    port=$(free_port)
    cat > "$ssh/sshd_config" <<CONF
Port $port
ListenAddress 127.0.0.1
HostKey $ssh/host
AuthorizedKeysFile $ssh/authorized_keys
PidFile $ssh/sshd.pid
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
CONF
    [ "$(id -u)" -ne 0 ] || mkdir -p /run/sshd   # sshd's privilege separation folder, when run as root
    /usr/sbin/sshd -D -e -f "$ssh/sshd_config" 2> "$ssh/log" &
    pids+=($!)
    wait_port "$port"
    export RSYNC_RSH="ssh -F /dev/null -p $port -i $ssh/client -o BatchMode=yes -o UserKnownHostsFile=$ssh/known_hosts -o StrictHostKeyChecking=accept-new -o LogLevel=ERROR"
  fi
  SSH_USER=$(id -un)
}

test_rsync() {
  new_site rsync
  local ssh=$work/ssh user
  start_sshd
  user=$SSH_USER
  export SITE_URL=https://news.example.com/ DEST="$user@127.0.0.1:$work/www/"
  check_settings rsync
  run_recipe rsync > "$work/rsync1.log" || { cat "$ssh/log" >&2; fail "rsync: the first deploy failed"; }
  diff -r --exclude='.*' "$site/dist" "$work/www" || fail "rsync: the server's folder differs from dist/"
  [ -z "$(find "$work/www" -name '.*' -print -quit)" ] || fail "rsync: dotfiles reached the server"
  snapshot
  edit_site
  run_recipe rsync > "$work/rsync2.log"
  local sent deleted
  sent=$(awk '$1 ~ /^<f/ { print $2 }' "$work/rsync2.log" | sort)
  deleted=$(awk '$1 == "*deleting" && $2 !~ /\/$/ { print $2 }' "$work/rsync2.log" | sort)
  [ "$sent" = "$(changed_since "$work/before" "$site/dist" | sort)" ] \
    || fail "rsync: sent $sent; changed: $(changed_since "$work/before" "$site/dist")"
  [ "$deleted" = "$(gone_since "$work/before" "$site/dist")" ] || fail "rsync: deleted $deleted"
  diff -r --exclude='.*' "$site/dist" "$work/www" || fail "rsync: the server's folder differs from dist/ after the edit"
  echo "ok rsync: the second deploy sent $(echo "$sent" | wc -l) of $(site_files "$site/dist" | wc -l) files (those changed) and deleted $(echo "$deleted" | wc -l)"
}

# moto's S3 server on 127.0.0.1 (started once) with a new empty bucket
# named $1; sets rclone's remote `s3` and boto3's settings.
start_s3() {
  local port
  if [ -z "${S3_ENDPOINT:-}" ]; then
    port=$(free_port)
    python3 -m moto.server -H 127.0.0.1 -p "$port" > "$work/moto.log" 2>&1 &
    pids+=($!)
    wait_port "$port"
    # The local server speaks plain HTTP: a CA bundle named for real AWS
    # endpoints would make rclone's AWS SDK refuse its HTTP client.
    unset AWS_CA_BUNDLE
    export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1
    export S3_ENDPOINT=http://127.0.0.1:$port
    export RCLONE_CONFIG="$work/rclone.conf" RCLONE_CONFIG_S3_TYPE=s3 RCLONE_CONFIG_S3_PROVIDER=Other
    export RCLONE_CONFIG_S3_ENDPOINT=$S3_ENDPOINT RCLONE_CONFIG_S3_ACCESS_KEY_ID=test
    export RCLONE_CONFIG_S3_SECRET_ACCESS_KEY=test RCLONE_CONFIG_S3_REGION=us-east-1
    export RCLONE_CONFIG_S3_FORCE_PATH_STYLE=true RCLONE_VERBOSE=1
    touch "$RCLONE_CONFIG"
  fi
  python3 -c 'import boto3,os,sys; boto3.client("s3", endpoint_url=os.environ["S3_ENDPOINT"]).create_bucket(Bucket=sys.argv[1])' "$1"
}

test_s3() {
  new_site s3
  start_s3 news
  export SITE_URL=https://news.example.com/ BUCKET=s3:news
  check_settings s3
  run_recipe s3 2> "$work/rclone1.log" || { cat "$work/rclone1.log" >&2; fail "s3: the first deploy failed"; }
  python3 tests/deploy/check_s3.py "$site/dist" news || fail "s3: the bucket after the first deploy"
  snapshot
  edit_site
  run_recipe s3 2> "$work/rclone2.log" || { cat "$work/rclone2.log" >&2; fail "s3: the second deploy failed"; }
  python3 tests/deploy/check_s3.py "$site/dist" news || fail "s3: the bucket after the edit"
  local uploaded deleted
  uploaded=$(sed -n 's/.*INFO  : \(.*\): Copied (.*/\1/p' "$work/rclone2.log" | sort)
  deleted=$(sed -n 's/.*INFO  : \(.*\): Deleted$/\1/p' "$work/rclone2.log" | sort)
  [ "$uploaded" = "$(changed_since "$work/before" "$site/dist" | sort)" ] \
    || fail "s3: uploaded $uploaded; changed: $(changed_since "$work/before" "$site/dist")"
  [ "$deleted" = "$(gone_since "$work/before" "$site/dist")" ] || fail "s3: deleted $deleted"
  echo "ok s3: content types and Cache-Control right on every object; the second deploy uploaded $(echo "$uploaded" | wc -l) changed files and deleted $(echo "$deleted" | wc -l)"
}

# The list a build wrote with --changes, signs stripped: what it added or
# changed (`+`), or what it removed (`-`).
listed() { sed -n "s/^$1//p" "$site/changes.txt" | sort; }
# After the second deploy: the list is exactly what changed, and what the
# tool sent ($2) and deleted ($3) is exactly the list.
check_changes() {
  local name=$1 sent=$2 deleted=$3
  [ "$(listed +)" = "$(changed_since "$work/before" "$site/dist" | sort)" ] \
    || fail "$name: --changes listed $(listed +); changed: $(changed_since "$work/before" "$site/dist")"
  [ "$(listed -)" = "$(gone_since "$work/before" "$site/dist")" ] \
    || fail "$name: --changes listed as removed $(listed -)"
  [ -n "$(listed +)" ] && [ -n "$(listed -)" ] || fail "$name: the edit changed nothing"
  [ "$sent" = "$(listed +)" ] || fail "$name: sent $sent; listed $(listed +)"
  [ "$deleted" = "$(listed -)" ] || fail "$name: deleted $deleted; listed $(listed -)"
}

test_rsync_changes() {
  new_site rsync-changes
  start_sshd
  export SITE_URL=https://news.example.com/ DEST="$SSH_USER@127.0.0.1:$work/www/"
  check_settings rsync-changes
  run_recipe rsync-changes > "$work/rsync-changes1.log" || fail "rsync-changes: the first deploy failed"
  diff -r --exclude='.*' "$site/dist" "$work/www" || fail "rsync-changes: the server's folder differs from dist/"
  [ "$(listed +)" = "$(site_files "$site/dist")" ] || fail "rsync-changes: a first build lists every file"
  snapshot
  edit_site
  run_recipe rsync-changes > "$work/rsync-changes2.log"
  local sent deleted
  sent=$(awk '$1 ~ /^<f/ { print $2 }' "$work/rsync-changes2.log" | sort)
  deleted=$(awk '$1 == "*deleting" { print $2 }' "$work/rsync-changes2.log" | sort)
  check_changes rsync-changes "$sent" "$deleted"
  local summary
  summary="sent the $(listed + | wc -l) files --changes listed (of $(site_files "$site/dist" | wc -l)) and deleted $(listed - | wc -l)"
  # The deleted story's folder stays on the server, empty.
  local differ
  differ=$(diff -r --exclude='.*' "$site/dist" "$work/www" | grep -v "^Only in $work/www: quay\$" || true)
  [ -z "$differ" ] || fail "rsync-changes: the server's folder differs from dist/ after the edit: $differ"
  # Nothing changed: the build is skipped and the list is empty.
  run_recipe rsync-changes > "$work/rsync-changes3.log"
  [ ! -s "$site/changes.txt" ] || fail "rsync-changes: a build with nothing to do listed $(cat "$site/changes.txt")"
  ! grep -q '^[<*]' "$work/rsync-changes3.log" || fail "rsync-changes: the third deploy sent or deleted $(cat "$work/rsync-changes3.log")"
  echo "ok rsync-changes: the second deploy $summary; a third, with nothing changed, sent nothing"
}

test_s3_changes() {
  new_site s3-changes
  start_s3 news-changes
  export SITE_URL=https://news.example.com/ BUCKET=s3:news-changes
  check_settings s3-changes
  run_recipe s3-changes 2> "$work/rclone-changes1.log" || { cat "$work/rclone-changes1.log" >&2; fail "s3-changes: the first deploy failed"; }
  python3 tests/deploy/check_s3.py "$site/dist" news-changes || fail "s3-changes: the bucket after the first deploy"
  snapshot
  edit_site
  run_recipe s3-changes 2> "$work/rclone-changes2.log" || { cat "$work/rclone-changes2.log" >&2; fail "s3-changes: the second deploy failed"; }
  python3 tests/deploy/check_s3.py "$site/dist" news-changes || fail "s3-changes: the bucket after the edit"
  local uploaded deleted
  uploaded=$(sed -n 's/.*INFO  : \(.*\): Copied (.*/\1/p' "$work/rclone-changes2.log" | sort)
  deleted=$(sed -n 's/.*INFO  : \(.*\): Deleted$/\1/p' "$work/rclone-changes2.log" | sort)
  check_changes s3-changes "$uploaded" "$deleted"
  echo "ok s3-changes: content types and Cache-Control right; the second deploy uploaded the $(listed + | wc -l) listed files and deleted $(listed - | wc -l)"
}

for r in "${recipes[@]}"; do
  case $r in
    github-pages) test_github_pages ;;
    rsync) test_rsync ;;
    s3) test_s3 ;;
    rsync-changes) test_rsync_changes ;;
    s3-changes) test_s3_changes ;;
    *) fail "no recipe test $r" ;;
  esac
done

#!/bin/sh
# Entrypoint of dc's stand-in for dpage/pgadmin4: busybox httpd serves one page
# that names PGADMIN_DEFAULT_EMAIL, on PGADMIN_LISTEN_PORT (default 80), and
# /misc/ping answers PING, as pgAdmin's does. It is no pgAdmin: it only lets
# a compose file that uses pgAdmin start and answer HTTP.
set -eu

port="${PGADMIN_LISTEN_PORT:-80}"
docroot=/var/www

# Escapes the characters that HTML gives a meaning to.
html_escape() {
    printf '%s' "$1" | sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g'
}

write_pages() {
    email="${PGADMIN_DEFAULT_EMAIL:-}"
    if [ -z "${email}" ]; then
        echo "warning: PGADMIN_DEFAULT_EMAIL is not set (the real pgAdmin refuses to start without it)" >&2
        email="(not set)"
    fi
    email_html="$(html_escape "${email}")"
    mkdir -p "${docroot}/misc"
    cat >"${docroot}/index.html" <<HTML
<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>pgAdmin 4</title></head>
<body>
<h1>pgAdmin 4 (stand-in)</h1>
<p>dc's test stand-in for dpage/pgadmin4: busybox httpd, no pgAdmin.</p>
<p>Default user: <span id="email">${email_html}</span></p>
</body>
</html>
HTML
    printf 'PING' >"${docroot}/misc/ping"
}

main() {
    write_pages
    echo "serving ${docroot} on port ${port}"
    httpd -f -v -p "${port}" -h "${docroot}" &
    pid=$!
    # The shell is PID 1, which ignores signals it has no handler for; this
    # handler passes the stop signal on, so the container stops at once.
    trap 'kill -TERM "${pid}" 2>/dev/null || true; wait "${pid}" 2>/dev/null || true; exit 0' TERM INT
    wait "${pid}"
}

main "$@"

# The nginx site of scripts/cluster, made from deploy/nginx/spatial.conf (the one site file): the same file with only
# its listening ports, its two upstream ports and its certificate replaced. Sourced by cluster.sh; Deploy/ClusterSiteTests
# checks the result line by line against the deploy file.

NGINX_SITE_SOURCE=${NGINX_SITE_SOURCE:-$SPATIAL_ROOT/deploy/nginx/spatial.conf}

# nginx_site UPSTREAM1 UPSTREAM2 HTTP_PORT HTTPS_PORT CERTIFICATE KEY: the site on stdout. Each replaced text must be in
# the deploy file exactly once, so a change there that this would silently miss stops the cluster instead.
nginx_site() {
  local site; site=$(cat "$NGINX_SITE_SOURCE") || return 1
  local pairs=(
    "server 127.0.0.1:5081 " "server 127.0.0.1:$1 "
    "server 127.0.0.1:5082 " "server 127.0.0.1:$2 "
    "listen 80;" "listen 127.0.0.1:$3;"
    "listen 443 ssl;" "listen 127.0.0.1:$4 ssl;"
    "/etc/ssl/certs/gis.example.cn.pem" "$5"
    "/etc/ssl/private/gis.example.cn.key" "$6"
  )
  local i from count
  for ((i = 0; i < ${#pairs[@]}; i += 2)); do
    from=${pairs[$i]}
    count=$(grep -cF -- "$from" <<<"$site" || true)
    [ "$count" = 1 ] || { printf 'spatial: error: %s: "%s" is there %s times, not once; scripts/lib/nginx-site.sh must follow the change\n' \
      "$NGINX_SITE_SOURCE" "$from" "$count" >&2; return 1; }
    site=${site/"$from"/"${pairs[$((i + 1))]}"}
  done
  printf '%s\n' "$site"
}

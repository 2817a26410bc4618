#!/bin/sh
# Forms the Redis Cluster of docker-compose.cluster.yml, once. The one-shot service
# `redis-cluster-create` runs it on every `docker compose up`, after the six nodes answer PING, and
# the app nodes start only when it exits 0. Safe to run again (POSIX sh: busybox in redis:7-alpine):
# - No node knows another yet (cluster_known_nodes:1 on all): a new cluster. `redis-cli --cluster
#   create` makes the first half of REDIS_NODES primaries (the 16384 slots split evenly) and the
#   second half their replicas (one each with REDIS_CLUSTER_REPLICAS=1).
# - A node knows others: the cluster exists (each node keeps it in nodes.conf on its volume), so
#   nothing is created. The formed nodes are only introduced to each other again by their current
#   addresses (CLUSTER MEET to a known node is harmless; it corrects an address that changed when
#   containers were recreated). A node that knows no other (its volume lost) is left out, with a
#   warning: add it back by hand (docs/deployment.md, Redis Cluster).
# Then it waits until every node of the cluster reports cluster_state:ok (all 16384 slots served)
# and exits 0; after REDIS_CLUSTER_WAIT_S (60) it prints each node's view and exits 1.
# Without Docker: REDIS_NODES='127.0.0.1:7001 ... 127.0.0.1:7006' sh deploy/redis-cluster-create.sh
set -eu

nodes=${REDIS_NODES:?REDIS_NODES: host:port of every node, separated by spaces}
replicas=${REDIS_CLUSTER_REPLICAS:-1}
wait_s=${REDIS_CLUSTER_WAIT_S:-60}

cli() {
  node=$1
  shift
  redis-cli -h "${node%:*}" -p "${node##*:}" "$@"
}
# One field of CLUSTER INFO (whose lines end in \r\n); empty when the node does not answer.
info() { cli "$1" cluster info 2>/dev/null | tr -d '\r' | sed -n "s/^$2://p"; }

formed=''
fresh=''
for n in $nodes; do
  known=$(info "$n" cluster_known_nodes)
  if [ -z "$known" ]; then
    echo "redis-cluster: $n does not answer CLUSTER INFO (down, or not started with --cluster-enabled yes)"
    exit 1
  fi
  if [ "$known" -gt 1 ]; then formed="$formed $n"; else fresh="$fresh $n"; fi
done

if [ -z "$formed" ]; then
  echo "redis-cluster: no node knows another: forming the cluster of $nodes"
  # One argument per node: $nodes unquoted on purpose.
  # shellcheck disable=SC2086
  redis-cli --cluster create $nodes --cluster-replicas "$replicas" --cluster-yes
  members=" $nodes"
else
  echo "redis-cluster: formed already (known to$formed): not creating it again"
  if [ -n "$fresh" ]; then
    echo "redis-cluster: WARNING:$fresh know(s) no other node (volume lost?) and stay(s) out of the cluster"
  fi
  if command -v getent >/dev/null 2>&1; then
    for a in $formed; do
      for b in $formed; do
        [ "$a" = "$b" ] && continue
        ip=$(getent hosts "${b%:*}" | awk '{ print $1; exit }')
        [ -z "$ip" ] || cli "$a" cluster meet "$ip" "${b##*:}" >/dev/null || true
      done
    done
  fi
  members=$formed
fi

deadline=$(($(date +%s) + wait_s))
while :; do
  bad=''
  for n in $members; do
    [ "$(info "$n" cluster_state)" = ok ] || bad="$bad $n"
  done
  if [ -z "$bad" ]; then
    echo "redis-cluster: cluster_state:ok on$members"
    exit 0
  fi
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "redis-cluster: cluster_state not ok after ${wait_s}s on:$bad"
    for n in $bad; do
      echo "--- CLUSTER NODES as $n sees them"
      cli "$n" cluster nodes || true
    done
    echo "redis-cluster: see docs/deployment.md (Redis Cluster); redis-cli --cluster check <node> tells what is wrong"
    exit 1
  fi
  sleep 1
done

#!/usr/bin/env bash
# Installs what dc needs to build and test on Debian 12, from Debian's packages.
set -euo pipefail

packages=(
    build-essential cmake ninja-build pkg-config python3 git
    libcli11-dev libyaml-cpp-dev nlohmann-json3-dev libcurl4-openssl-dev
    libcpp-httplib-dev libboost-dev libboost-filesystem-dev doctest-dev
    libssl-dev curl jq debootstrap busybox-static
    docker-registry apache2-utils  # a local registry with htpasswd auth for the pull/push tests
    openjdk-17-jdk-headless  # javac: the e2e tests compile a JVM Spark job
)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -eq 0 ]; then
    echo "setup: all build dependencies present"
    exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then sudo=(sudo); fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get -o DPkg::Lock::Timeout=600 update -qq
"${sudo[@]}" apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

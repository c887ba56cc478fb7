#!/bin/bash
# Entrypoint of dc's stand-in for apache/spark: like the official image's
# /opt/entrypoint.sh for everything but its Kubernetes driver and executor
# modes, it runs its arguments, so `command:` lines such as
# `/opt/spark/bin/spark-class org.apache.spark.deploy.master.Master` work
# unchanged. With no arguments it starts a shell.
set -e

# A uid that the image does not know (a compose `user:`) gets a passwd entry,
# as in the official image, so that the JVM and Hadoop can name the user.
if ! getent passwd "$(id -u)" >/dev/null 2>&1 && [ -w /etc/passwd ]; then
    echo "$(id -u):x:$(id -u):$(id -g):anonymous uid:${SPARK_HOME}:/bin/false" >>/etc/passwd
fi

if [ "$#" -eq 0 ]; then
    exec /bin/bash
fi
exec "$@"

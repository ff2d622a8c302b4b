#!/usr/bin/env bash
# Installs the Debian packages the test suite talks to: DCMTK, dicom3tools, pydicom (and its
# test corpus), Orthanc, RabbitMQ, PostgreSQL 15, Chromium, the DejaVu fonts (review pictures'
# captions) and AFL++ (the fuzz smoke). Idempotent: installs only what
# is missing. Servers are not started here; the test fixtures start their own throwaway
# instances on loopback.
set -euo pipefail

# package:file-that-proves-it-is-installed
wanted=(
  "dcmtk:/usr/bin/storescp"
  "dicom3tools:/usr/bin/dciodvfy"
  "python3-pydicom:/usr/lib/python3/dist-packages/pydicom/__init__.py"
  "orthanc:/usr/sbin/Orthanc"
  "rabbitmq-server:/usr/lib/rabbitmq/bin/rabbitmq-server"
  "postgresql-15:/usr/lib/postgresql/15/bin/postgres"
  "chromium:/usr/bin/chromium"
  "fonts-dejavu-core:/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
  "procps:/usr/bin/pkill"
  "afl++:/usr/bin/afl-fuzz"
)

missing=()
for entry in "${wanted[@]}"; do
  pkg=${entry%%:*}
  file=${entry#*:}
  [ -e "$file" ] || missing+=("$pkg")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: everything present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo_cmd=(sudo); else
    echo "install-deps: need root or sudo to install: ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
# Other jobs may be installing at the same time: wait for the dpkg lock instead of failing.
apt_opts=(-o DPkg::Lock::Timeout=600)
"${sudo_cmd[@]}" apt-get "${apt_opts[@]}" update -qq
# Package scripts must not start system services here (no systemd); the fixtures start their own.
"${sudo_cmd[@]}" env RUNLEVEL=1 apt-get "${apt_opts[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian starts a default PostgreSQL cluster or RabbitMQ node where it can; the tests never use them.
"${sudo_cmd[@]}" pkill -f 'beam.smp.*rabbit@' 2>/dev/null || true
for entry in "${wanted[@]}"; do
  file=${entry#*:}
  if [ ! -e "$file" ]; then
    echo "install-deps: ${entry%%:*} did not install ($file missing)" >&2
    exit 1
  fi
done
echo "install-deps: done"

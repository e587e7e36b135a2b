#!/usr/bin/env bash
# Makes hashicorp/aws 6.x available to `terraform init` and prints the path of the Terraform CLI
# config to export as TF_CLI_CONFIG_FILE (an empty line means "use the normal registry").
#
# Sources, in order (docs/deploy.md, docs/decisions.md):
#   1. the Terraform registry, when reachable: what a user with internet gets;
#   2. a filesystem mirror unpacked OUTSIDE the clone from the prebuilt, checksummed copy in
#      ../shared/tools/terraform-provider-aws beside the repository;
#   3. a build from the Go module proxy (~35 min, ~9 GB peak on 2 cores), cached outside the clone.
# The binary is never written inside the repository.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cache="${LEAN_OPS_CACHE:-$HOME/.cache/lean-ops}"
mirror="$cache/terraform-mirror"
prebuilt="${LEAN_OPS_PROVIDER_SOURCE:-$root/../shared/tools/terraform-provider-aws}"
version="6.48.0"
platform="linux_amd64"
# The only module version the Go proxy serves for the provider (LOCAL-EMULATOR.md); it reports 6.48.0.
go_module="github.com/hashicorp/terraform-provider-aws@v1.60.1-0.20260602190131-5f2286d6d836"
target_dir="$mirror/registry.terraform.io/hashicorp/aws/$version/$platform"
target="$target_dir/terraform-provider-aws_v$version"
config="$cache/terraformrc-mirror"

log() { echo "provider.sh: $*" >&2; }

registry_reachable() {
  [ "${LEAN_OPS_FORCE_MIRROR:-0}" = "1" ] && return 1
  curl -fsS --max-time 5 -o /dev/null https://registry.terraform.io/v1/providers/hashicorp/aws/versions 2>/dev/null
}

expected_sha256() {
  awk '{print $1; exit}' "$prebuilt/SHA256SUMS"
}

# Hashing 900 MB takes seconds, so a verified binary leaves a stamp; a binary newer than its
# stamp (or a different expected sum) is hashed again.
binary_verified() {
  [ -x "$target" ] && [ -f "$prebuilt/SHA256SUMS" ] || return 1
  if [ -f "$target.verified" ] && [ "$target.verified" -nt "$target" ] &&
    [ "$(cat "$target.verified")" = "$(expected_sha256)" ]; then
    return 0
  fi
  [ "$(sha256sum "$target" | awk '{print $1}')" = "$(expected_sha256)" ] && expected_sha256 >"$target.verified"
}

unpack_prebuilt() {
  command -v zstd >/dev/null || { log "installing zstd"; apt-get install -y -qq zstd >/dev/null; }
  mkdir -p "$target_dir"
  log "unpacking $prebuilt → $target_dir"
  zstd -d -q -f -o "$target.tmp" "$prebuilt/terraform-provider-aws_${version}_${platform}.zst"
  chmod +x "$target.tmp"
  [ "$(sha256sum "$target.tmp" | awk '{print $1}')" = "$(expected_sha256)" ] || {
    rm -f "$target.tmp"; log "sha256 mismatch for the prebuilt provider"; return 1; }
  mv "$target.tmp" "$target"
  expected_sha256 >"$target.verified"
}

build_from_go_proxy() {
  log "building $go_module from the Go module proxy (slow: ~35 min on 2 cores)"
  local gopath="$cache/go"
  mkdir -p "$gopath" "$target_dir"
  GOPATH="$gopath" GOCACHE="$cache/go-build" GOFLAGS=-trimpath \
    go install -ldflags "-s -w -X github.com/hashicorp/terraform-provider-aws/version.ProviderVersion=$version" "$go_module"
  cp "$gopath/bin/terraform-provider-aws" "$target"
}

write_config() {
  mkdir -p "$cache/terraform-plugin-cache"
  cat >"$config" <<CONF
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.terraform.io/hashicorp/aws"]
  }
}
CONF
}

if registry_reachable; then
  log "registry reachable: using it"
  echo ""
  exit 0
fi
if ! binary_verified; then
  if [ -f "$prebuilt/terraform-provider-aws_${version}_${platform}.zst" ]; then
    unpack_prebuilt
  elif [ -x "$target" ]; then
    log "using the previously built provider at $target"
  else
    build_from_go_proxy
  fi
fi
write_config
echo "$config"

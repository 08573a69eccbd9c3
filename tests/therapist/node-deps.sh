# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by tests that need the `fhir` npm package (the FHIR R4 validator):
# installs it once into .cache/node (git-ignored; UNKNOT_NODE_CACHE moves
# it) and sets FHIR_NODE_PATH.  Returns non-zero, with a message, when node
# or npm is missing or the registry cannot be reached.
FHIR_NPM_VERSION=4.12.0
FHIR_CACHE=${UNKNOT_NODE_CACHE:-$PWD/.cache/node}
fhir_deps() {
    if ! command -v node >/dev/null 2>&1; then
        echo "node is needed for the FHIR validator" \
             "(scripts/install-deps installs it)" >&2
        return 1
    fi
    if [ ! -f "$FHIR_CACHE/node_modules/fhir/package.json" ] ||
       ! grep -q "\"version\": \"$FHIR_NPM_VERSION\"" \
            "$FHIR_CACHE/node_modules/fhir/package.json"; then
        # npm only to install it (a machine with the cache filled, such as
        # the emulated Pi of scripts/check-pi-vm, needs node alone).
        if ! command -v npm >/dev/null 2>&1; then
            echo "npm is needed to install the FHIR validator" \
                 "(scripts/install-deps installs it)" >&2
            return 1
        fi
        mkdir -p "$FHIR_CACHE"
        npm install --prefix "$FHIR_CACHE" --no-audit --no-fund \
            --no-save --no-update-notifier --loglevel=error "fhir@$FHIR_NPM_VERSION" >&2 || {
            echo "cannot install the fhir npm package into $FHIR_CACHE" >&2
            return 1
        }
    fi
    FHIR_NODE_PATH="$FHIR_CACHE/node_modules"
}

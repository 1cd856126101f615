#!/bin/sh
# Make configure and the Makefile templates from a fresh checkout.
set -e
cd "$(dirname "$0")"
autoreconf --install --force --warnings=all

#!/bin/sh
# embed.sh NAME FILE [NAME FILE]...
# Writes C definitions of each FILE's bytes as NAME[] and NAME_len, so
# that the bundled data travels inside the program.
set -e
echo '/* Made by build-aux/embed.sh from the files in data/: do not edit. */'
echo '#include "config.h"'
echo '#include "core/bundled.h"'
while [ $# -ge 2 ]; do
	name=$1
	file=$2
	shift 2
	test -r "$file" || { echo "embed.sh: cannot read $file" >&2; exit 1; }
	echo "const unsigned char ${name}[] = {"
	od -An -v -tx1 "$file" | sed -e 's/ *\([0-9a-f][0-9a-f]\)/0x\1,/g'
	echo '0x00 };'
	echo "const size_t ${name}_len = sizeof ${name} - 1;"
done

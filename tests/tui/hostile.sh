#!/bin/sh
# Hostile text in a listing: escape sequences, a bell, a carriage
# return, a C1 control and a bidi override, written into the database
# directly (the importer refuses them).  The browser must show them as
# visible placeholders (^[ ^G ^M <U+009B>), drop the bidi control, and
# never let them reach the terminal: the pane's title stays, the screen
# is not cleared.
. "${SIGNPOST_TESTS:-$(dirname "$0")/..}/tui/lib.sh"

ID=wrenmouth-lido
make_db
if ! sqlite3 "$DB" "
	UPDATE asset SET
	  name = 'Evil' || char(27) || ']0;pwned' || char(7) || ' Group',
	  description = 'x' || char(27) || '[2J' || 'y' || char(13) || 'z'
	    || ' left' || char(8238) || 'thgir' || ' c1' || char(155) || '31m end'
	WHERE id = '$ID';
	UPDATE asset_fts SET name = 'Evil pwned Group'
	WHERE rowid = (SELECT num FROM asset WHERE id = '$ID');" 2>"$WORK/sqlite.err"; then
	echo "Bail out! cannot write the hostile listing: $(cat "$WORK/sqlite.err")"
	exit 1
fi

start_tui
wait_ready
title_before=$(pane '#{pane_title}')
send /
type evil
expect_count "a search finds the hostile listing" 1
expect_screen "the name shows, its controls as ^[ and ^G" '^Evil\^\[\]0;pwned\^G Group +'
expect_line "the title line is still there" 1 '^Wrenmouth and District community directory'
expect_screen "the list's header is still there (the screen was not cleared)" '^NAME +SECTOR +LOCALITY'
expect_screen "the preview shows the name the same way" '^Evil\^\[\]0;pwned\^G Group$'
title=$(pane '#{pane_title}')
[ "$title" != pwned ] && [ "$title" = "$title_before" ] \
	&& ok "the pane's title is not set by the listing ('$title')" \
	|| fail "the pane's title is not set by the listing" "title: '$title', was '$title_before'"

send Enter Enter
expect_line "the detail view shows the name with ^[ and ^G" 2 '^ Evil\^\[\]0;pwned\^G Group$'
expect_screen "the description shows ^[[2J and ^M as text" '^ x\^\[\[2Jy\^Mz left'
expect_screen "the bidi override is dropped" 'leftthgir c1'
expect_screen "the C1 control shows as <U+009B>" 'c1<U\+009B>31m end'
expect_line "the title line is still there" 1 '^Wrenmouth and District community directory'
capture
case $SCREEN in
*"$(printf '\342\200\256')"*) fail "no bidi override on the screen" ;;
*) ok "no bidi override on the screen" ;;
esac
title=$(pane '#{pane_title}')
[ "$title" = "$title_before" ] && ok "the pane's title is still '$title'" \
	|| fail "the pane's title is still '$title_before'" "title: '$title'"

# The slip, written from the browser, is a file a person prints or
# cats: no control characters in it either.
send p
expect_status "p offers the slip" "^Write the slip to: slip-$ID\\.txt\$"
send Enter
expect_status "the slip is written" "The slip is in slip-$ID\\.txt"
if [ -f "$WORK/slip-$ID.txt" ] && ! LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$WORK/slip-$ID.txt"; then
	ok "the slip holds no control characters"
else
	fail "the slip holds no control characters" "$(od -c "$WORK/slip-$ID.txt" 2>&1 | head -12)"
fi

send q
expect_line "back to the list" 3 '^NAME +SECTOR'
expect_screen "the list still shows the name safely" '^Evil\^\[\]0;pwned\^G Group +'
send q
expect_exit "q quits" 0
title=$(pane '#{pane_title}')
[ "$title" = "$title_before" ] && ok "after quitting, the pane's title is unchanged" \
	|| fail "after quitting, the pane's title is unchanged" "title: '$title'"
done_testing

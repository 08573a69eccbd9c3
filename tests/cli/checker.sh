# SPDX-License-Identifier: GPL-3.0-or-later
# The checker says each mistake once, with a fix that is itself right,
# and reports every section's problems in one run.
. tests/cli/lib.sh

cat > "$T/a.ini" <<'INI'
[routine]
title = Test
level = gentle

[step shoulders]
region = upper-traps
tool = ball
sides = left-right
hodl = 45
rest = 10
setup = Ball on the shoulder.
ask = soreness dizzy

[Step Glutes]
region = glutes
tool = rollr
sides = both
hold = 45
rest = 10
setup = Sit on the roller.

[step shoulder-tops]
tool = ball
sides = left-right
hold = 45
rest = 10
setup = Ball on the shoulder.

[step bad name!]
region = calvs
tool = roller
sides = both
hold = 45
rest = 10
setup = Sit.
INI
expect_exit 2 "check a file with mistakes" -- "$UNKNOT" check "$T/a.ini"
# A typo in a key is one error, not also a missing key.
expect_out "a.ini:9: error: unknown key 'hodl': did you mean 'hold'\\?" \
    "the typo named"
expect_no_out "has no 'hold'" "no second error for the same typo"
# A missing comma in ask.
expect_out "a.ini:12: error: .*separate question ids with commas: ask = soreness, dizzy" \
    "a missing comma in ask gets its fix"
# The fix suggested for a header is a valid header.
expect_out "a.ini:14: error: unknown section \\[Step Glutes\\]: did you mean \\[step glutes\\]\\?" \
    "the header's fix is lower-case"
# ... and that section's lines are still checked.
expect_out "a.ini:16: error: unknown tool 'rollr'" \
    "a bad header does not hide its section's errors"
# The region suggested fits the step, never calves for a shoulder.
expect_out "a.ini:22: error: step 'shoulder-tops' has no 'region': add region = upper-traps" \
    "a region suggestion that fits the step"
expect_no_out "add region = calves" "no calves for a shoulder step"
expect_out "a.ini:29: error: step id 'bad name!'" "a bad step id"
expect_out "a.ini:30: error: unknown region 'calvs'" \
    "the lines under a bad step id are checked too"
# Fixing what was said leaves a clean file.
sed -e 's/^hodl/hold/' -e 's/^ask = soreness dizzy/ask = soreness, dizzy/' \
    -e 's/^\[Step Glutes\]/[step glutes]/' -e 's/^tool = rollr/tool = roller/' \
    -e 's/^\[step shoulder-tops\]/[step shoulder-tops]\nregion = upper-traps/' \
    -e 's/^\[step bad name!\]/[step badname]/' -e 's/^region = calvs/region = calves/' \
    "$T/a.ini" > "$T/fixed.ini"
expect_exit 0 "the fixes suggested make a good file" -- "$UNKNOT" check \
    "$T/fixed.ini"
finish checker

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The release, as `unknot --version` prints it.  Keep it equal to the
 * newest entry of debian/changelog (tests/cli/options.sh checks).
 */
#ifndef UNKNOT_APP_VERSION_H
#define UNKNOT_APP_VERSION_H

#define UNKNOT_VERSION "0.1.0"

#endif

/* testutil: small helpers shared by the cmocka tests. */
#ifndef LIQTOP_TESTUTIL_H
#define LIQTOP_TESTUTIL_H

#include <stddef.h>

/* Read a whole file; NULL if it cannot be read. *len gets the size. The
 * buffer is NUL-terminated (not counted in len). Free with free(). */
char *tu_read_file(const char *path, size_t *len);
/* Read tests/fixtures/REL (tests run from the repository root); aborts the
 * test with a message naming the file if it is missing. */
char *tu_fixture(const char *rel, size_t *len);
/* Write text to a fresh temporary file; returns its path (static buffer
 * reused per call slot 0..7). */
const char *tu_temp_file(const char *text);

#endif

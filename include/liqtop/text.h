/* text: make untrusted text safe for a terminal, a log or an environment.
 *
 * Anything that came from the network (symbol names, error messages, HTTP
 * reasons) passes through text_sanitize before it is shown, logged or put in
 * a hook's environment: no escape sequence, control character or malformed
 * UTF-8 can reach the user's terminal. */
#ifndef LIQTOP_TEXT_H
#define LIQTOP_TEXT_H

#include <stddef.h>

/* Copy at most len bytes of src into dst (capacity n, always NUL-terminated
 * when n > 0). Printable ASCII (0x20..0x7e) is kept; every other byte (ESC,
 * C0/C1 controls, DEL, any byte >= 0x80) becomes '?', and runs of them
 * collapse to one '?'. Returns the length written. */
size_t text_sanitize(char *dst, size_t n, const char *src, size_t len);

/* strlcpy: copy a NUL-terminated string, truncating; returns strlen(src). */
size_t text_copy(char *dst, size_t n, const char *src);

/* Format an error message into err (capacity errn; nothing when err is NULL
 * or errn is 0): the one way library code fills its caller's error buffer. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
void text_errf(char *err, size_t errn, const char *fmt, ...);

/* Upper-case ASCII in place; returns s. */
char *text_upper(char *s);

/* 1 if s is a plausible asset symbol: 1..15 chars of [A-Z0-9]. */
int text_is_symbol(const char *s);

#endif

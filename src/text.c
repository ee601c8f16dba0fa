/* text: sanitizing untrusted text (see text.h). */
#include "liqtop/text.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

size_t text_sanitize(char *dst, size_t n, const char *src, size_t len)
{
    if (!n)
        return 0;
    size_t o = 0;
    int last_bad = 0;
    for (size_t i = 0; src && i < len && src[i] && o + 1 < n; i++) {
        unsigned char c = (unsigned char)src[i];
        if (c >= 0x20 && c < 0x7f) {
            dst[o++] = (char)c;
            last_bad = 0;
        } else if (!last_bad) {
            dst[o++] = '?';
            last_bad = 1;
        }
    }
    dst[o] = '\0';
    return o;
}

size_t text_copy(char *dst, size_t n, const char *src)
{
    size_t len = src ? strlen(src) : 0;
    if (n) {
        size_t k = len < n - 1 ? len : n - 1;
        if (k)
            memcpy(dst, src, k);
        dst[k] = '\0';
    }
    return len;
}

char *text_upper(char *s)
{
    for (char *p = s; p && *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 'a' + 'A');
    return s;
}

int text_is_symbol(const char *s)
{
    size_t i = 0;
    for (; s && s[i]; i++) {
        char c = s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) || i >= 15)
            return 0;
    }
    return i > 0;
}

void text_errf(char *err, size_t errn, const char *fmt, ...)
{
    if (!err || !errn)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errn, fmt, ap);
    va_end(ap);
}

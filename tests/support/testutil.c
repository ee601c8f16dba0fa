/* testutil: shared test helpers (see testutil.h). */
#include "support/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *tu_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap + 1);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *nb = realloc(buf, cap * 2 + 1);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
    }
    fclose(f);
    if (!buf)
        return NULL;
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

char *tu_fixture(const char *rel, size_t *len)
{
    char path[512];
    snprintf(path, sizeof path, "tests/fixtures/%s", rel);
    char *b = tu_read_file(path, len);
    if (!b) {
        fprintf(stderr, "missing fixture %s (run the tests from the repository root)\n", path);
        abort();
    }
    return b;
}

const char *tu_temp_file(const char *text)
{
    static char paths[8][64];
    static int slot;
    char *p = paths[slot++ % 8];
    snprintf(p, 64, "/tmp/liqtop-test-XXXXXX");
    int fd = mkstemp(p);
    if (fd < 0)
        abort();
    size_t len = strlen(text);
    if (write(fd, text, len) != (ssize_t)len)
        abort();
    close(fd);
    return p;
}

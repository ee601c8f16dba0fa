/* journal: NDJSON record/replay file (see journal.h for the format). */
#include "liqtop/journal.h"

#include "liqtop/text.h"
#include "liqtop/venue.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* snprintf that truncates on purpose (messages have fixed buffers). */
static void msgf(char *dst, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void msgf(char *dst, size_t n, const char *fmt, ...)
{
    if (!n)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(dst, n, fmt, ap);
    va_end(ap);
}

struct journal {
    int fd;
    int need_newline; /* the file ends in a cut line: start ours on a fresh one */
    char path[256];
};

struct journal_reader {
    FILE *f;
    int is_stdin;
    char path[256];
    char *line;
    size_t line_cap;
    char *body;
    size_t body_cap;
    long lineno;
};

/* ---- encoding ---- */

/* Length of the valid UTF-8 sequence at p (1..4), or 0 if p[0] does not start one. */
static size_t utf8_valid_len(const unsigned char *p, size_t n)
{
    unsigned char c = p[0];
    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf)
        return (n >= 2 && (p[1] & 0xc0) == 0x80) ? 2 : 0;
    if (c >= 0xe0 && c <= 0xef) {
        if (n < 3 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80)
            return 0;
        if (c == 0xe0 && p[1] < 0xa0)
            return 0; /* overlong */
        if (c == 0xed && p[1] > 0x9f)
            return 0; /* UTF-16 surrogate */
        return 3;
    }
    if (c >= 0xf0 && c <= 0xf4) {
        if (n < 4 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80 || (p[3] & 0xc0) != 0x80)
            return 0;
        if (c == 0xf0 && p[1] < 0x90)
            return 0; /* overlong */
        if (c == 0xf4 && p[1] > 0x8f)
            return 0; /* above U+10FFFF */
        return 4;
    }
    return 0;
}

static const char hexd[] = "0123456789abcdef";

/* Append the JSON string literal for s[0..len) at o; returns the new end. The
 * caller reserves 6 * len + 2 bytes. */
static char *put_string(char *o, const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    *o++ = '"';
    size_t i = 0;
    while (i < len) {
        unsigned char c = p[i];
        if (c >= 0x80) {
            size_t k = utf8_valid_len(p + i, len - i);
            if (k) {
                memcpy(o, p + i, k);
                o += k;
                i += k;
            } else { /* not UTF-8: surrogateescape */
                memcpy(o, "\\udc", 4);
                o[4] = hexd[c >> 4];
                o[5] = hexd[c & 15];
                o += 6;
                i++;
            }
            continue;
        }
        i++;
        switch (c) {
        case '"': *o++ = '\\'; *o++ = '"'; break;
        case '\\': *o++ = '\\'; *o++ = '\\'; break;
        case '\n': *o++ = '\\'; *o++ = 'n'; break;
        case '\r': *o++ = '\\'; *o++ = 'r'; break;
        case '\t': *o++ = '\\'; *o++ = 't'; break;
        default:
            if (c < 0x20 || c == 0x7f) {
                memcpy(o, "\\u00", 4);
                o[4] = hexd[c >> 4];
                o[5] = hexd[c & 15];
                o += 6;
            } else {
                *o++ = (char)c;
            }
        }
    }
    *o++ = '"';
    return o;
}

char *journal_format_line(int64_t t_ms, const char *venue, const char *kind, const char *symbol,
                          int status, const char *body, size_t len, size_t *out_len)
{
    if (!venue)
        venue = "";
    if (!kind)
        kind = "";
    if (!body)
        len = 0;
    size_t vl = strlen(venue), kl = strlen(kind), sl = symbol ? strlen(symbol) : 0;
    if (len > (SIZE_MAX - 256) / 6 - vl - kl - sl)
        return NULL;
    size_t cap = 6 * (len + vl + kl + sl) + 160;
    char *buf = malloc(cap);
    if (!buf)
        return NULL;
    char *o = buf;
    o += sprintf(o, "{\"t\":%lld,\"venue\":", (long long)t_ms);
    o = put_string(o, venue, vl);
    memcpy(o, ",\"kind\":", 8);
    o += 8;
    o = put_string(o, kind, kl);
    o += sprintf(o, ",\"status\":%d,\"body\":", status);
    o = put_string(o, body ? body : "", len);
    if (sl) {
        memcpy(o, ",\"symbol\":", 10);
        o += 10;
        o = put_string(o, symbol, sl);
    }
    *o++ = '}';
    *o++ = '\n';
    *out_len = (size_t)(o - buf);
    return buf;
}

/* ---- writer ---- */

struct journal *journal_open(const char *path, char *err, size_t errn)
{
    struct journal *j = calloc(1, sizeof *j);
    if (!j) {
        msgf(err, errn, "%s: out of memory", path);
        return NULL;
    }
    text_copy(j->path, sizeof j->path, path);
    j->fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (j->fd < 0 && errno == EACCES)
        j->fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (j->fd < 0) {
        msgf(err, errn, "%s: %s", path, strerror(errno));
        free(j);
        return NULL;
    }
    /* A previous run killed mid-line left no newline at the end: our first
     * line must not be glued onto that fragment. */
    struct stat st;
    char last;
    if (fstat(j->fd, &st) == 0 && st.st_size > 0 && pread(j->fd, &last, 1, st.st_size - 1) == 1 &&
        last != '\n')
        j->need_newline = 1;
    return j;
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int journal_write(struct journal *j, int64_t t_ms, const char *venue, const char *kind,
                  const char *symbol, int status, const char *body, size_t len, char *err,
                  size_t errn)
{
    size_t n = 0;
    char *line = journal_format_line(t_ms, venue, kind, symbol, status, body, len, &n);
    if (!line) {
        msgf(err, errn, "%s: out of memory", j->path);
        return -1;
    }
    if (j->need_newline) {
        /* one write for the whole line still: prepend the newline */
        char *nl = malloc(n + 1);
        if (!nl) {
            free(line);
            msgf(err, errn, "%s: out of memory", j->path);
            return -1;
        }
        nl[0] = '\n';
        memcpy(nl + 1, line, n);
        free(line);
        line = nl;
        n++;
    }
    int rc = write_all(j->fd, line, n);
    free(line);
    if (rc != 0) {
        msgf(err, errn, "%s: %s", j->path, strerror(errno));
        j->need_newline = 1; /* a part may have been written */
        return -1;
    }
    j->need_newline = 0;
    return 0;
}

void journal_close(struct journal *j)
{
    if (!j)
        return;
    close(j->fd);
    free(j);
}

/* ---- parsing ---- */

struct cur {
    const char *p, *s, *e; /* position, start, end */
    char *err;
    size_t errn;
};

static int fail(struct cur *c, const char *msg)
{
    msgf(c->err, c->errn, "byte %zu: %s", (size_t)(c->p - c->s) + 1, msg);
    return -1;
}

static void ws(struct cur *c)
{
    while (c->p < c->e && (*c->p == ' ' || *c->p == '\t' || *c->p == '\r' || *c->p == '\n'))
        c->p++;
}

static int hex4(const char *p, unsigned *v)
{
    unsigned x = 0;
    for (int i = 0; i < 4; i++) {
        char ch = p[i];
        x <<= 4;
        if (ch >= '0' && ch <= '9')
            x |= (unsigned)(ch - '0');
        else if (ch >= 'a' && ch <= 'f')
            x |= (unsigned)(ch - 'a' + 10);
        else if (ch >= 'A' && ch <= 'F')
            x |= (unsigned)(ch - 'A' + 10);
        else
            return -1;
    }
    *v = x;
    return 0;
}

static int grow(char **buf, size_t *cap, size_t need)
{
    if (need <= *cap)
        return 0;
    size_t nc = *cap ? *cap : 256;
    while (nc < need)
        nc *= 2;
    char *nb = realloc(*buf, nc);
    if (!nb)
        return -1;
    *buf = nb;
    *cap = nc;
    return 0;
}

/* 1 if the string starting at p (after its opening quote) has a closing
 * quote before e. */
static int terminated(const char *p, const char *e)
{
    while (p < e && *p != '"') {
        if (*p == '\\')
            p++;
        p++;
    }
    return p < e;
}

/* Decode a JSON string at c->p (which is at '"') into *buf (grown as
 * needed, reused across calls); *out_len set.
 *
 * One pass: replay spends a good part of its time here (every body is one
 * long string, about one byte in six an escape), so the bytes are read
 * once, and the loop works on local pointers (stores through the output
 * buffer may alias anything and would otherwise force c->p back to memory
 * at every byte). A string with no closing quote is reported as
 * unterminated whatever else is wrong with it, as a scan ahead would. */
static int get_string(struct cur *c, char **buf, size_t *cap, size_t *out_len)
{
    if (c->p >= c->e || *c->p != '"')
        return fail(c, "expected a string");
    const char *const start = c->p + 1, *const e = c->e;
    const char *p = start;
    const char *err = NULL, *err_at = NULL;
    unsigned char *o = (unsigned char *)*buf; /* output: o[0 .. n) */
    size_t n = 0, room = o ? *cap : 0;
    for (;;) {
        if (p >= e) {
            c->p = start;
            return fail(c, "unterminated string");
        }
        unsigned char ch = (unsigned char)*p;
        if (ch == '"')
            break;
        /* room for the longest decoded escape (4 bytes) and the NUL */
        if (room - n < 5) {
            if (grow(buf, cap, *cap ? *cap * 2 : 256) != 0) {
                c->p = start;
                return fail(c, "out of memory");
            }
            o = (unsigned char *)*buf;
            room = *cap;
        }
        if (ch >= 0x20 && ch != '\\') {
            o[n++] = ch;
            p++;
            continue;
        }
        if (ch < 0x20) {
            err = "control character in string";
            err_at = p;
            break;
        }
        const char *bs = p; /* the backslash: where errors point */
        char esc = p + 1 < e ? p[1] : '\0';
        p += 2;
        switch (esc) {
        case '"': o[n++] = '"'; continue;
        case '\\': o[n++] = '\\'; continue;
        case '/': o[n++] = '/'; continue;
        case 'b': o[n++] = '\b'; continue;
        case 'f': o[n++] = '\f'; continue;
        case 'n': o[n++] = '\n'; continue;
        case 'r': o[n++] = '\r'; continue;
        case 't': o[n++] = '\t'; continue;
        case 'u': break;
        default:
            err = "bad escape in string";
            err_at = bs;
            break;
        }
        if (err)
            break;
        unsigned u;
        if (e - p < 4 || hex4(p, &u) != 0) {
            err = "bad \\u escape";
            err_at = bs;
            break;
        }
        p += 4;
        if (u >= 0xdc80 && u <= 0xdcff) { /* surrogateescape: one raw byte */
            o[n++] = (unsigned char)(u & 0xff);
            continue;
        }
        if (u >= 0xd800 && u <= 0xdbff) {
            unsigned lo;
            if (e - p < 6 || p[0] != '\\' || p[1] != 'u' || hex4(p + 2, &lo) != 0 || lo < 0xdc00 ||
                lo > 0xdfff) {
                err = "unpaired surrogate in \\u escape";
                err_at = bs;
                break;
            }
            p += 6;
            u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
            o[n++] = (unsigned char)(0xf0 | (u >> 18));
            o[n++] = (unsigned char)(0x80 | ((u >> 12) & 0x3f));
            o[n++] = (unsigned char)(0x80 | ((u >> 6) & 0x3f));
            o[n++] = (unsigned char)(0x80 | (u & 0x3f));
            continue;
        }
        if (u >= 0xdc00 && u <= 0xdfff) {
            err = "unpaired surrogate in \\u escape";
            err_at = bs;
            break;
        }
        if (u < 0x80) {
            o[n++] = (unsigned char)u;
        } else if (u < 0x800) {
            o[n++] = (unsigned char)(0xc0 | (u >> 6));
            o[n++] = (unsigned char)(0x80 | (u & 0x3f));
        } else {
            o[n++] = (unsigned char)(0xe0 | (u >> 12));
            o[n++] = (unsigned char)(0x80 | ((u >> 6) & 0x3f));
            o[n++] = (unsigned char)(0x80 | (u & 0x3f));
        }
    }
    if (err) {
        if (!terminated(start, e)) {
            c->p = start;
            return fail(c, "unterminated string");
        }
        c->p = err_at;
        return fail(c, err);
    }
    if (!*buf && grow(buf, cap, 1) != 0) { /* "" into a buffer not yet allocated */
        c->p = start;
        return fail(c, "out of memory");
    }
    c->p = p + 1;
    *out_len = n;
    (*buf)[n] = '\0';
    return 0;
}

/* An integer (no fraction or exponent). */
static int get_int(struct cur *c, long long lo, long long hi, long long *v)
{
    const char *start = c->p;
    int neg = 0;
    if (c->p < c->e && *c->p == '-') {
        neg = 1;
        c->p++;
    }
    if (c->p >= c->e || *c->p < '0' || *c->p > '9') {
        c->p = start;
        return fail(c, "expected an integer");
    }
    long long x = 0;
    while (c->p < c->e && *c->p >= '0' && *c->p <= '9') {
        if (x > (999999999999999999LL - 9) / 10) {
            c->p = start;
            return fail(c, "integer out of range");
        }
        x = x * 10 + (*c->p++ - '0');
    }
    if (c->p < c->e && (*c->p == '.' || *c->p == 'e' || *c->p == 'E')) {
        c->p = start;
        return fail(c, "expected an integer");
    }
    if (neg)
        x = -x;
    if (x < lo || x > hi) {
        c->p = start;
        return fail(c, "integer out of range");
    }
    *v = x;
    return 0;
}

/* Skip any JSON value (for fields this version does not know). */
static int skip_value(struct cur *c, int depth)
{
    if (depth > 64)
        return fail(c, "nested too deep");
    ws(c);
    if (c->p >= c->e)
        return fail(c, "expected a value");
    char ch = *c->p;
    if (ch == '"') {
        c->p++;
        while (c->p < c->e && *c->p != '"') {
            if (*c->p == '\\')
                c->p++;
            c->p++;
        }
        if (c->p >= c->e)
            return fail(c, "unterminated string");
        c->p++;
        return 0;
    }
    if (ch == '{' || ch == '[') {
        char close = ch == '{' ? '}' : ']';
        c->p++;
        ws(c);
        if (c->p < c->e && *c->p == close) {
            c->p++;
            return 0;
        }
        for (;;) {
            if (ch == '{') {
                ws(c);
                if (skip_value(c, depth + 1) != 0) /* key */
                    return -1;
                ws(c);
                if (c->p >= c->e || *c->p != ':')
                    return fail(c, "expected ':'");
                c->p++;
            }
            if (skip_value(c, depth + 1) != 0)
                return -1;
            ws(c);
            if (c->p < c->e && *c->p == ',') {
                c->p++;
                continue;
            }
            if (c->p < c->e && *c->p == close) {
                c->p++;
                return 0;
            }
            return fail(c, "expected ',' or a closing bracket");
        }
    }
    /* number or literal */
    const char *start = c->p;
    while (c->p < c->e && (strchr("+-.eE", *c->p) || (*c->p >= '0' && *c->p <= '9') ||
                           (*c->p >= 'a' && *c->p <= 'z')))
        c->p++;
    if (c->p == start)
        return fail(c, "expected a value");
    return 0;
}

enum { F_T = 1, F_VENUE = 2, F_KIND = 4, F_STATUS = 8, F_BODY = 16 };

/* Copy a decoded name into a fixed field: printable ASCII only. */
static int name_field(struct cur *c, const char *field, const char *v, size_t n, char *dst,
                      size_t dn, int allow_empty)
{
    char msg[80];
    if (n >= dn || (!n && !allow_empty)) {
        msgf(msg, sizeof msg, "\"%s\" is %s", field, n ? "too long" : "empty");
        return fail(c, msg);
    }
    for (size_t i = 0; i < n; i++) {
        if (v[i] < 0x21 || v[i] > 0x7e) {
            msgf(msg, sizeof msg, "\"%s\" has a character that is not printable ASCII", field);
            return fail(c, msg);
        }
    }
    memcpy(dst, v, n);
    dst[n] = '\0';
    return 0;
}

int journal_parse_line(const char *line, size_t len, struct journal_entry *e, char **buf,
                       size_t *cap, char *err, size_t errn)
{
    struct cur c = {line, line, line + len, err, errn};
    char key[16], *tmp = NULL;
    size_t tmp_cap = 0, n = 0;
    int seen = 0, rc = -1;
    e->t_ms = 0;
    e->source = -1;
    e->venue[0] = e->kind[0] = e->symbol[0] = '\0';
    e->status = 0;
    e->body = NULL;
    e->len = 0;
    size_t body_len = 0;
    ws(&c);
    if (c.p >= c.e || *c.p != '{') {
        fail(&c, "expected '{'");
        goto out;
    }
    c.p++;
    ws(&c);
    if (c.p < c.e && *c.p == '}') {
        c.p++;
    } else {
        for (;;) {
            ws(&c);
            if (get_string(&c, &tmp, &tmp_cap, &n) != 0)
                goto out;
            text_copy(key, sizeof key, n < sizeof key ? tmp : "?");
            if (n >= sizeof key || memchr(tmp, '\0', n))
                key[0] = '?';
            ws(&c);
            if (c.p >= c.e || *c.p != ':') {
                fail(&c, "expected ':'");
                goto out;
            }
            c.p++;
            ws(&c);
            long long v;
            if (strcmp(key, "t") == 0) {
                if (get_int(&c, 0, 999999999999999LL, &v) != 0)
                    goto out;
                e->t_ms = v;
                seen |= F_T;
            } else if (strcmp(key, "status") == 0) {
                if (get_int(&c, 0, 999, &v) != 0)
                    goto out;
                e->status = (int)v;
                seen |= F_STATUS;
            } else if (strcmp(key, "venue") == 0 || strcmp(key, "kind") == 0 ||
                       strcmp(key, "symbol") == 0) {
                const char *vstart = c.p;
                if (get_string(&c, &tmp, &tmp_cap, &n) != 0)
                    goto out;
                const char *after = c.p;
                c.p = vstart;
                int r;
                if (key[0] == 'v') {
                    r = name_field(&c, key, tmp, n, e->venue, sizeof e->venue, 0);
                    seen |= F_VENUE;
                } else if (key[0] == 'k') {
                    r = name_field(&c, key, tmp, n, e->kind, sizeof e->kind, 0);
                    seen |= F_KIND;
                } else {
                    r = name_field(&c, key, tmp, n, e->symbol, sizeof e->symbol, 1);
                }
                if (r != 0)
                    goto out;
                c.p = after;
            } else if (strcmp(key, "body") == 0) {
                if (get_string(&c, buf, cap, &body_len) != 0)
                    goto out;
                seen |= F_BODY;
            } else {
                if (skip_value(&c, 0) != 0)
                    goto out;
            }
            ws(&c);
            if (c.p < c.e && *c.p == ',') {
                c.p++;
                continue;
            }
            if (c.p < c.e && *c.p == '}') {
                c.p++;
                break;
            }
            fail(&c, c.p < c.e ? "expected ',' or '}'" : "line ends inside the object");
            goto out;
        }
    }
    ws(&c);
    if (c.p != c.e) {
        fail(&c, "text after the object");
        goto out;
    }
    static const struct {
        int bit;
        const char *name;
    } req[] = {{F_T, "t"}, {F_VENUE, "venue"}, {F_KIND, "kind"}, {F_STATUS, "status"},
               {F_BODY, "body"}};
    for (size_t i = 0; i < sizeof req / sizeof req[0]; i++) {
        if (!(seen & req[i].bit)) {
            msgf(err, errn, "missing field \"%s\"", req[i].name);
            goto out;
        }
    }
    e->source = source_from_name(e->venue);
    if (e->source < 0) {
        msgf(err, errn, "unknown venue \"%s\"", e->venue);
        goto out;
    }
    e->body = *buf;
    e->len = body_len;
    rc = 0;
out:
    free(tmp);
    return rc;
}

/* ---- reader ---- */

struct journal_reader *journal_reader_open(const char *path, char *err, size_t errn)
{
    struct journal_reader *r = calloc(1, sizeof *r);
    if (!r) {
        msgf(err, errn, "%s: out of memory", path);
        return NULL;
    }
    text_copy(r->path, sizeof r->path, path);
    if (strcmp(path, "-") == 0) {
        r->f = stdin;
        r->is_stdin = 1;
    } else {
        r->f = fopen(path, "rb");
    }
    if (!r->f) {
        msgf(err, errn, "%s: %s", path, strerror(errno));
        free(r);
        return NULL;
    }
    return r;
}

int journal_next(struct journal_reader *r, struct journal_entry *e, char *err, size_t errn)
{
    for (;;) {
        errno = 0;
        ssize_t n = getline(&r->line, &r->line_cap, r->f);
        if (n < 0) {
            if (ferror(r->f)) {
                msgf(err, errn, "%s:%ld: read error: %s", r->path, r->lineno + 1,
                         strerror(errno ? errno : EIO));
                clearerr(r->f);
                return 0; /* nothing more can be read */
            }
            return 0;
        }
        r->lineno++;
        size_t len = (size_t)n;
        int complete = len > 0 && r->line[len - 1] == '\n';
        if (complete)
            len--;
        if (len > 0 && r->line[len - 1] == '\r')
            len--;
        size_t k = 0;
        while (k < len && (r->line[k] == ' ' || r->line[k] == '\t'))
            k++;
        if (k == len)
            continue; /* blank line */
        char why[160];
        if (journal_parse_line(r->line, len, e, &r->body, &r->body_cap, why, sizeof why) != 0) {
            msgf(err, errn, "%s:%ld: %s%s", r->path, r->lineno,
                     complete ? "" : "last line cut short (no newline); ", why);
            return -1;
        }
        e->line = r->lineno;
        return 1;
    }
}

void journal_reader_close(struct journal_reader *r)
{
    if (!r)
        return;
    if (!r->is_stdin)
        fclose(r->f);
    free(r->line);
    free(r->body);
    free(r);
}

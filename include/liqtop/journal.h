/* journal: the record/replay file (DESIGN.md "--record FILE / --replay FILE").
 *
 * NDJSON, one line per response, in arrival order:
 *   {"t":1718000000123,"venue":"binance","kind":"premiumIndex","status":200,"body":"..."}
 * plus an optional trailing "symbol":"BTC" for per-symbol requests (klines and
 * depth bodies do not name their symbol). Stream messages use the stream's
 * source name ("binance_ws") and the stream name as kind, status 200.
 * Readers accept the fields in any order, ignore unknown fields, and accept
 * lines without "symbol".
 *
 * Body bytes round-trip exactly. The writer escapes '"', '\\' and every
 * control byte (0x00-0x1f, 0x7f) as JSON escapes, keeps valid UTF-8 as is,
 * and writes each byte 0x80-0xff that is not part of valid UTF-8 (strict:
 * no overlongs, no surrogates, nothing above U+10FFFF) as the lone low
 * surrogate escape \udc80-\udcff (Python's "surrogateescape" convention:
 * json.loads(line)["body"].encode("utf-8", "surrogateescape") gives the exact
 * bytes back). Every line is therefore valid JSON text for a lenient parser;
 * our reader maps \udcXX back to byte XX. Exchange bodies are valid UTF-8, so
 * in practice the body is stored as readable text.
 *
 * Durability: each line is built in memory and written with one write(2) to
 * a file opened O_APPEND, so a killed process leaves every finished line
 * intact; at worst the last line is cut short, and the reader reports it
 * and skips it. */
#ifndef LIQTOP_JOURNAL_H
#define LIQTOP_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

struct journal;        /* a writer */
struct journal_reader; /* a reader */

/* One line. Strings are NUL-terminated; body is decoded bytes (may contain
 * NUL), NUL-terminated beyond len. */
struct journal_entry {
    int64_t t_ms;
    int source;      /* enum source_id, from "venue" */
    char venue[32];  /* as written: "binance", "binance_ws", ... */
    char kind[64];
    int status;
    char symbol[16]; /* "" if the line has none */
    const char *body; /* owned by the reader; valid until the next call */
    size_t len;
    long line;       /* 1-based line number in the file */
};

/* Open for append (created 0644 if missing). NULL with err naming the file. */
struct journal *journal_open(const char *path, char *err, size_t errn);
/* Write one line. venue, kind: ASCII names; symbol may be NULL or "". 0 ok,
 * -1 with err (disk full, ...). */
int journal_write(struct journal *j, int64_t t_ms, const char *venue, const char *kind,
                  const char *symbol, int status, const char *body, size_t len, char *err,
                  size_t errn);
void journal_close(struct journal *j);

/* Encode one line (with the final '\n') into a malloc'd buffer; NULL if out
 * of memory. *out_len gets its length. Pure. */
char *journal_format_line(int64_t t_ms, const char *venue, const char *kind, const char *symbol,
                          int status, const char *body, size_t len, size_t *out_len);

/* Open for reading; "-" is stdin. NULL with err. */
struct journal_reader *journal_reader_open(const char *path, char *err, size_t errn);
/* Next entry: 1 ok (e filled), 0 end of file, -1 a bad line: err is
 * "FILE:LINE: reason" and the line is skipped; call again to go on. */
int journal_next(struct journal_reader *r, struct journal_entry *e, char *err, size_t errn);
void journal_reader_close(struct journal_reader *r);

/* Parse one line (without its '\n'). Pure; body is decoded into *buf
 * (realloc'd, capacity *cap), e->body points into it. 0 ok, -1 with err
 * ("byte 17: expected ','"). */
int journal_parse_line(const char *line, size_t len, struct journal_entry *e, char **buf,
                       size_t *cap, char *err, size_t errn);

#endif

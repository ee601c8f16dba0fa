/* feargreed: alternative.me Crypto Fear & Greed Index (public REST).
 *
 * Docs: https://alternative.me/crypto/fear-and-greed-index/ (section API),
 * read through a 2025 extraction of that page; shapes checked against a
 * limit=N sample response (see tests/fixtures/README.md).
 *
 * Request: GET /fng/?limit=2 (kind "fng"): today's value and yesterday's.
 * Response: {"name":..., "data":[{"value":"47", "value_classification":
 * "Neutral", "timestamp":"1777248000", "time_until_update":"..."}, ...],
 * "metadata":{"error":null}}. Numbers and the timestamp are STRINGS; the
 * timestamp is in SECONDS (the start of the day the value belongs to);
 * entries are newest first; time_until_update only on the first entry.
 *
 * The record is the newest entry (largest timestamp, whatever the order):
 * value 0..100, the label as sent (value_classification, sanitized; the
 * sources disagree on the band limits, so we never derive it), t in ms.
 *
 * Field policy: every entry must have value (an integer 0..100, string or
 * number), timestamp (seconds) and a non-empty value_classification; any
 * entry failing that fails the body with "fng.data[i].field: problem". An
 * empty data array, a missing data or a non-null metadata.error fail too.
 * time_until_update and name are not used.
 *
 * Pure: no I/O, no clock, no globals. */
#include "liqtop/json.h"
#include "liqtop/source.h"
#include "liqtop/text.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static int build_fng(const char *sym, int64_t now_ms, struct source_request *req)
{
    (void)sym;
    (void)now_ms;
    memset(req, 0, sizeof *req);
    text_copy(req->kind, sizeof req->kind, "fng");
    text_copy(req->path, sizeof req->path, "/fng/?limit=2");
    return 0;
}

/* The index is published once a day; polling every 10 minutes notices the
 * new value soon enough. alternative.me documents no limit for /fng/; the
 * budget of 6/min is a courtesy cap (we use 0.1/min). */
static const struct endpoint fng_endpoints[] = {
    {"fng", 0, 600, 1, build_fng, 0},
};

static int parse_fng(const cJSON *root, struct recs *out, char *err, size_t errn)
{
    if (!cJSON_IsObject(root)) {
        snprintf(err, errn, "fng: expected an object");
        return -1;
    }
    const cJSON *meta = cJSON_GetObjectItemCaseSensitive(root, "metadata");
    const cJSON *merr = cJSON_IsObject(meta) ? cJSON_GetObjectItemCaseSensitive(meta, "error")
                                             : NULL;
    if (merr && !cJSON_IsNull(merr)) {
        char msg[120] = "";
        if (cJSON_IsString(merr))
            text_sanitize(msg, sizeof msg, merr->valuestring, strlen(merr->valuestring));
        snprintf(err, errn, "fng: venue error: %s", msg[0] ? msg : "(not a string)");
        return -1;
    }
    const cJSON *data = cJSON_GetObjectItemCaseSensitive(root, "data");
    if (!cJSON_IsArray(data)) {
        json_field_error(err, errn, "fng", "data", root, data ? JSON_BAD_TYPE : JSON_MISSING);
        return -1;
    }
    if (cJSON_GetArraySize(data) == 0) {
        snprintf(err, errn, "fng.data: empty list");
        return -1;
    }
    int64_t best_t = -1;
    int best_v = 0;
    char best_label[sizeof out->fear_greed.label] = "";
    size_t i = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, data)
    {
        char where[32];
        snprintf(where, sizeof where, "fng.data[%zu]", i++);
        if (!cJSON_IsObject(it)) {
            snprintf(err, errn, "%s: not an object", where);
            return -1;
        }
        int64_t v, ts;
        int st = json_get_int64(it, "value", &v);
        if (st != JSON_OK) {
            json_field_error(err, errn, where, "value", it, st);
            return -1;
        }
        if (v < 0 || v > 100) {
            snprintf(err, errn, "%s.value: out of range (%" PRId64 ")", where, v);
            return -1;
        }
        st = json_get_int64(it, "timestamp", &ts);
        if (st != JSON_OK) {
            json_field_error(err, errn, where, "timestamp", it, st);
            return -1;
        }
        /* seconds; 1e11 and more would be ms or garbage */
        if (ts <= 0 || ts >= 100000000000LL) {
            snprintf(err, errn, "%s.timestamp: not a time in seconds (%" PRId64 ")", where, ts);
            return -1;
        }
        const cJSON *cl = cJSON_GetObjectItemCaseSensitive(it, "value_classification");
        if (!cJSON_IsString(cl) || !cl->valuestring[0]) {
            json_field_error(err, errn, where, "value_classification", it,
                             !cl ? JSON_MISSING : cJSON_IsString(cl) ? JSON_NULL : JSON_BAD_TYPE);
            return -1;
        }
        if (ts > best_t) {
            best_t = ts;
            best_v = (int)v;
            text_sanitize(best_label, sizeof best_label, cl->valuestring,
                          strlen(cl->valuestring));
        }
    }
    out->has_fear_greed = 1;
    out->fear_greed.t_ms = best_t * 1000;
    out->fear_greed.value = best_v;
    text_copy(out->fear_greed.label, sizeof out->fear_greed.label, best_label);
    return 0;
}

static int fng_parse(const char *kind, const char *body, size_t len, const struct parse_ctx *ctx,
                     struct recs *out, char *err, size_t errn)
{
    (void)ctx; /* market-wide: no symbols */
    if (!kind || !out || strcmp(kind, "fng") != 0) {
        char k[32] = "";
        if (kind)
            text_sanitize(k, sizeof k, kind, strlen(kind));
        snprintf(err, errn, "feargreed: unknown kind '%s'", k);
        return -1;
    }
    char perr[64] = "";
    cJSON *root = json_parse(body, len, perr, sizeof perr);
    if (!root) {
        snprintf(err, errn, "fng: %s", perr);
        return -1;
    }
    int rc = parse_fng(root, out, err, errn);
    cJSON_Delete(root);
    return rc;
}

const struct venue_adapter feargreed_adapter = {
    .source = SRC_FEARGREED,
    .default_base = "https://api.alternative.me",
    .endpoints = fng_endpoints,
    .n_endpoints = sizeof fng_endpoints / sizeof fng_endpoints[0],
    .weight_per_min = 6,
    .parse = fng_parse,
    .rate_limited = NULL,
};

/* binance_ws: parser for the Binance USD-M "!forceOrder@arr" stream (pure).
 *
 * Message (Binance "All Market Liquidation Order Streams"):
 *   {"e":"forceOrder","E":ms,"o":{"s":"BTCUSDT","S":"SELL","o":"LIMIT","f":"IOC",
 *    "q":"0.014","p":"9910","ap":"9910","X":"FILLED","l":"0.014","z":"0.014","T":ms}}
 * S is the side of the forced order: SELL closes a long (a long was
 * liquidated), BUY closes a short. Quantity: z (filled so far) when > 0, else
 * q; price: ap (average fill) when > 0, else p; both in base units / USDT.
 * Only USDT-margined perpetuals (SYMBOLUSDT) map to a canonical symbol; dated
 * (BTCUSDT_250627) and USDC contracts are skipped. A combined-stream wrapper
 * {"stream":..,"data":{..}} and an array of events are accepted; a reply to a
 * request ({"result":null,"id":1}) is a control message. */
#include "liqtop/json.h"
#include "liqtop/stream.h"
#include "liqtop/text.h"
#include "liqtop/venue_util.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static int one_event(const cJSON *ev, const char *where, const struct parse_ctx *ctx,
                     struct recs *out, char *err, size_t errn)
{
    if (!cJSON_IsObject(ev)) {
        snprintf(err, errn, "%s: not an object", where);
        return -1;
    }
    const char *e = json_get_string(ev, "e");
    if (!e) {
        json_field_error(err, errn, where, "e", ev, JSON_MISSING);
        return -1;
    }
    if (strcmp(e, "forceOrder") != 0) {
        char ex[40];
        text_sanitize(ex, sizeof ex, e, strlen(e));
        snprintf(err, errn, "%s.e: unexpected event '%s'", where, ex);
        return -1;
    }
    const cJSON *o = cJSON_GetObjectItemCaseSensitive(ev, "o");
    if (!cJSON_IsObject(o)) {
        json_field_error(err, errn, where, "o", ev, o ? JSON_BAD_TYPE : JSON_MISSING);
        return -1;
    }
    char w[64];
    snprintf(w, sizeof w, "%s.o", where);
    const char *s = json_get_string(o, "s");
    if (!s || !*s) {
        json_field_error(err, errn, w, "s", o, s ? JSON_NULL : JSON_MISSING);
        return -1;
    }
    enum liq_side ls; /* S is the forced order's side: BUY closes a short */
    double q, p, ap, z;
    int64_t t;
    if (vu_ws_side(o, "S", w, "BUY", "SELL", LIQ_SHORT, &ls, err, errn) ||
        vu_fnum(o, "q", w, VU_REQUIRED, -INFINITY, 1, &q, err, errn) ||
        vu_fnum(o, "p", w, VU_REQUIRED, -INFINITY, 1, &p, err, errn) ||
        vu_fnum(o, "ap", w, VU_OPTIONAL, -INFINITY, 1, &ap, err, errn) ||
        vu_fnum(o, "z", w, VU_OPTIONAL, -INFINITY, 1, &z, err, errn) ||
        vu_fint64(o, "T", w, &t, err, errn))
        return -1;
    if (z < 0 || ap < 0) { /* NAN compares false: absent is fine */
        snprintf(err, errn, "%s.%s: negative", w, z < 0 ? "z" : "ap");
        return -1;
    }
    char sym[SYM_MAX];
    if (vu_sym_strip(s, "USDT", sym) != 0 || !parse_ctx_tracked(ctx, sym))
        return 0; /* not a USDT perpetual we track */
    double qty = (!isnan(z) && z > 0) ? z : q;
    double price = (!isnan(ap) && ap > 0) ? ap : p;
    return vu_ws_liq(out, sym, t, ls, price, qty, w, err, errn);
}

int binance_ws_parse(const char *msg, size_t len, const struct parse_ctx *ctx, struct recs *out,
                     char *err, size_t errn)
{
    if (errn)
        err[0] = '\0';
    cJSON *root = json_parse(msg, len, err, errn);
    if (!root)
        return STREAM_MSG_ERROR;
    int ret = STREAM_MSG_DATA;
    const cJSON *body = root;
    if (cJSON_IsObject(root) && cJSON_GetObjectItemCaseSensitive(root, "stream"))
        body = cJSON_GetObjectItemCaseSensitive(root, "data"); /* combined stream */
    if (cJSON_IsObject(body) && !cJSON_GetObjectItemCaseSensitive(body, "e") &&
        cJSON_GetObjectItemCaseSensitive(body, "id")) {
        /* the reply to a request: {"result":null,"id":1} or {"error":{...},"id":1} */
        const cJSON *e = cJSON_GetObjectItemCaseSensitive(body, "error");
        if (e && !cJSON_IsNull(e)) {
            const char *m = json_get_string(e, "msg");
            char ex[100] = "";
            if (m)
                text_sanitize(ex, sizeof ex, m, strlen(m));
            snprintf(err, errn, "request rejected: %s", ex[0] ? ex : "error");
            ret = STREAM_MSG_REJECTED;
        } else {
            ret = STREAM_MSG_CONTROL;
        }
    } else if (cJSON_IsArray(body)) {
        size_t n = 0;
        for (const cJSON *ev = body->child; ev; ev = ev->next, n++) {
            char where[32];
            snprintf(where, sizeof where, "[%zu]", n);
            if (one_event(ev, where, ctx, out, err, errn) != 0) {
                ret = STREAM_MSG_ERROR;
                break;
            }
        }
    } else if (cJSON_IsObject(body)) {
        if (one_event(body, "forceOrder", ctx, out, err, errn) != 0)
            ret = STREAM_MSG_ERROR;
    } else {
        snprintf(err, errn, "forceOrder: %s", body ? "not an object" : "data missing");
        ret = STREAM_MSG_ERROR;
    }
    cJSON_Delete(root);
    return ret;
}

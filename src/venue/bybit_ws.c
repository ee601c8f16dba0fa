/* bybit_ws: parser for Bybit v5 public linear "allLiquidation.{symbol}" (pure).
 *
 * Data (Bybit v5 "All Liquidation"):
 *   {"topic":"allLiquidation.ROSEUSDT","type":"snapshot","ts":ms,
 *    "data":[{"T":ms,"s":"ROSEUSDT","S":"Sell","v":"20000","p":"0.04499"}]}
 * S is the POSITION side: "Buy" means a long position was liquidated, "Sell"
 * a short (the opposite of Binance's and OKX's order side). v is the
 * executed size in base units, p the bankruptcy price (strings).
 * Control messages (Bybit v5 "Connect"): subscribe acks and pongs
 *   {"success":true,"ret_msg":"pong","conn_id":"..","req_id":"","op":"ping"}
 * and refusals {"success":false,"ret_msg":"error:..","op":"subscribe"}. */
#include "liqtop/json.h"
#include "liqtop/stream.h"
#include "liqtop/text.h"
#include "liqtop/venue_util.h"

#include <math.h>

#include <stdio.h>
#include <string.h>

static int one_item(const cJSON *it, const char *w, const struct parse_ctx *ctx, struct recs *out,
                    char *err, size_t errn)
{
    if (!cJSON_IsObject(it)) {
        snprintf(err, errn, "%s: not an object", w);
        return -1;
    }
    const char *s = json_get_string(it, "s");
    if (!s || !*s) {
        json_field_error(err, errn, w, "s", it, s ? JSON_NULL : JSON_MISSING);
        return -1;
    }
    enum liq_side ls; /* S is the POSITION side: Buy means a long was liquidated */
    double v, p;
    int64_t t;
    if (vu_ws_side(it, "S", w, "Buy", "Sell", LIQ_LONG, &ls, err, errn) ||
        vu_fnum(it, "v", w, VU_REQUIRED, -INFINITY, 1, &v, err, errn) ||
        vu_fnum(it, "p", w, VU_REQUIRED, -INFINITY, 1, &p, err, errn) ||
        vu_fint64(it, "T", w, &t, err, errn))
        return -1;
    char sym[SYM_MAX];
    if (vu_sym_strip(s, "USDT", sym) != 0 || !parse_ctx_tracked(ctx, sym))
        return 0;
    return vu_ws_liq(out, sym, t, ls, p, v, w, err, errn);
}

int bybit_ws_parse(const char *msg, size_t len, const struct parse_ctx *ctx, struct recs *out,
                   char *err, size_t errn)
{
    if (errn)
        err[0] = '\0';
    cJSON *root = json_parse(msg, len, err, errn);
    if (!root)
        return STREAM_MSG_ERROR;
    int ret = STREAM_MSG_DATA;
    if (!cJSON_IsObject(root)) {
        snprintf(err, errn, "allLiquidation: not an object");
        ret = STREAM_MSG_ERROR;
        goto done;
    }
    const char *op = json_get_string(root, "op");
    if (op) {
        const cJSON *ok = cJSON_GetObjectItemCaseSensitive(root, "success");
        if (cJSON_IsFalse(ok)) {
            const char *m = json_get_string(root, "ret_msg");
            char ex[100] = "";
            char opx[24] = "";
            if (m)
                text_sanitize(ex, sizeof ex, m, strlen(m));
            text_sanitize(opx, sizeof opx, op, strlen(op));
            snprintf(err, errn, "%s rejected: %s", opx, ex[0] ? ex : "no reason given");
            ret = STREAM_MSG_REJECTED;
        } else {
            ret = STREAM_MSG_CONTROL; /* subscribe ack, pong */
        }
        goto done;
    }
    const char *topic = json_get_string(root, "topic");
    if (!topic) {
        json_field_error(err, errn, "allLiquidation", "topic", root, JSON_MISSING);
        ret = STREAM_MSG_ERROR;
        goto done;
    }
    if (strncmp(topic, "allLiquidation.", 15) != 0) {
        char ex[48];
        text_sanitize(ex, sizeof ex, topic, strlen(topic));
        snprintf(err, errn, "allLiquidation.topic: unexpected topic '%s'", ex);
        ret = STREAM_MSG_ERROR;
        goto done;
    }
    const cJSON *data = cJSON_GetObjectItemCaseSensitive(root, "data");
    if (cJSON_IsObject(data)) {
        /* the docs' table types data as Object; their example is an array */
        if (one_item(data, "data", ctx, out, err, errn) != 0)
            ret = STREAM_MSG_ERROR;
    } else if (cJSON_IsArray(data)) {
        size_t i = 0;
        for (const cJSON *it = data->child; it; it = it->next, i++) {
            char w[32];
            snprintf(w, sizeof w, "data[%zu]", i);
            if (one_item(it, w, ctx, out, err, errn) != 0) {
                ret = STREAM_MSG_ERROR;
                break;
            }
        }
    } else {
        json_field_error(err, errn, "allLiquidation", "data", root,
                         data ? JSON_BAD_TYPE : JSON_MISSING);
        ret = STREAM_MSG_ERROR;
    }
done:
    cJSON_Delete(root);
    return ret;
}

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

#include <stdio.h>
#include <string.h>

static int canon(const char *s, char out[SYM_MAX])
{
    size_t n = strlen(s);
    if (n <= 4 || n - 4 >= SYM_MAX || strcmp(s + n - 4, "USDT") != 0)
        return 0;
    memcpy(out, s, n - 4);
    out[n - 4] = '\0';
    return text_is_symbol(out);
}

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
    const char *side = json_get_string(it, "S");
    enum liq_side ls;
    if (side && strcmp(side, "Buy") == 0) {
        ls = LIQ_LONG; /* position side: a long was liquidated */
    } else if (side && strcmp(side, "Sell") == 0) {
        ls = LIQ_SHORT;
    } else {
        if (side) {
            char ex[40];
            text_sanitize(ex, sizeof ex, side, strlen(side));
            snprintf(err, errn, "%s.S: not Buy or Sell ('%s')", w, ex);
        } else {
            json_field_error(err, errn, w, "S", it, JSON_MISSING);
        }
        return -1;
    }
    double v, p;
    int64_t t;
    int st;
    if ((st = json_get_number(it, "v", &v)) != JSON_OK) {
        json_field_error(err, errn, w, "v", it, st);
        return -1;
    }
    if ((st = json_get_number(it, "p", &p)) != JSON_OK) {
        json_field_error(err, errn, w, "p", it, st);
        return -1;
    }
    if ((st = json_get_int64(it, "T", &t)) != JSON_OK) {
        json_field_error(err, errn, w, "T", it, st);
        return -1;
    }
    char sym[SYM_MAX];
    if (!canon(s, sym) || !parse_ctx_tracked(ctx, sym))
        return 0;
    struct rec_liq l;
    memset(&l, 0, sizeof l);
    text_copy(l.sym, sizeof l.sym, sym);
    l.t_ms = t;
    l.side = ls;
    l.qty = v;
    l.price = p;
    l.usd = v * p;
    const char *why = NULL;
    if (!stream_liq_plausible(&l, &why)) {
        snprintf(err, errn, "%s: %s", w, why);
        return -1;
    }
    struct rec_liq *r = recs_add_liq(out, sym);
    if (!r) {
        snprintf(err, errn, "out of memory");
        return -1;
    }
    *r = l;
    return 0;
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

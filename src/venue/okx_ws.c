/* okx_ws: parser for the OKX v5 public "liquidation-orders" channel (pure).
 *
 * Data (OKX "Liquidation orders channel"):
 *   {"arg":{"channel":"liquidation-orders","instType":"SWAP"},
 *    "data":[{"instId":"BTC-USDT-SWAP","instFamily":"BTC-USDT","instType":"SWAP","uly":"BTC-USDT",
 *             "details":[{"side":"sell","posSide":"long","bkPx":"57102.9","sz":"10000",
 *                         "bkLoss":"0","ccy":"","ts":"1723038122631"}]}]}
 * side is the order side: "sell" closes a long (a long was liquidated),
 * "buy" a short; posSide (long/short/net) agrees in hedge mode. sz is in
 * CONTRACTS for SWAP: base units = sz x ctVal, with ctVal from the
 * instruments endpoint via parse_ctx_contract_size. Only linear USDT
 * perpetuals (X-USDT-SWAP) map to a canonical symbol; when ctVal is still
 * unknown the entry is skipped with a warning in err (never stored as 0).
 * Control: the text "pong"; {"event":"subscribe"|"unsubscribe"|"notice"|
 * "channel-conn-count",...}; {"event":"error","code":"60012","msg":".."} is a
 * rejection. */
#include "liqtop/json.h"
#include "liqtop/stream.h"
#include "liqtop/text.h"
#include "liqtop/venue_util.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

int okx_ws_parse(const char *msg, size_t len, const struct parse_ctx *ctx, struct recs *out,
                 char *err, size_t errn)
{
    if (errn)
        err[0] = '\0';
    if (len == 4 && memcmp(msg, "pong", 4) == 0)
        return STREAM_MSG_CONTROL;
    cJSON *root = json_parse(msg, len, err, errn);
    if (!root)
        return STREAM_MSG_ERROR;
    int ret = STREAM_MSG_DATA;
    size_t skipped = 0;
    char skipped_sym[SYM_MAX] = "";
    if (!cJSON_IsObject(root)) {
        snprintf(err, errn, "liquidation-orders: not an object");
        ret = STREAM_MSG_ERROR;
        goto done;
    }
    const char *event = json_get_string(root, "event");
    if (event) {
        if (strcmp(event, "error") == 0) {
            const char *code = json_get_string(root, "code");
            const char *m = json_get_string(root, "msg");
            char cx[16] = "", mx[100] = "";
            if (code)
                text_sanitize(cx, sizeof cx, code, strlen(code));
            if (m)
                text_sanitize(mx, sizeof mx, m, strlen(m));
            snprintf(err, errn, "request rejected: %s%s%s", cx, cx[0] ? " " : "",
                     mx[0] ? mx : "no reason given");
            ret = STREAM_MSG_REJECTED;
        } else {
            ret = STREAM_MSG_CONTROL;
        }
        goto done;
    }
    const cJSON *arg = cJSON_GetObjectItemCaseSensitive(root, "arg");
    const char *channel = json_get_string(arg, "channel");
    if (!channel) {
        json_field_error(err, errn, "liquidation-orders.arg", "channel", arg, JSON_MISSING);
        ret = STREAM_MSG_ERROR;
        goto done;
    }
    if (strcmp(channel, "liquidation-orders") != 0) {
        char ex[48];
        text_sanitize(ex, sizeof ex, channel, strlen(channel));
        snprintf(err, errn, "liquidation-orders.arg.channel: unexpected channel '%s'", ex);
        ret = STREAM_MSG_ERROR;
        goto done;
    }
    const cJSON *data = cJSON_GetObjectItemCaseSensitive(root, "data");
    if (!cJSON_IsArray(data)) {
        json_field_error(err, errn, "liquidation-orders", "data", root,
                         data ? JSON_BAD_TYPE : JSON_MISSING);
        ret = STREAM_MSG_ERROR;
        goto done;
    }
    size_t i = 0;
    for (const cJSON *d = data->child; d; d = d->next, i++) {
        char w[48];
        snprintf(w, sizeof w, "data[%zu]", i);
        if (!cJSON_IsObject(d)) {
            snprintf(err, errn, "%s: not an object", w);
            ret = STREAM_MSG_ERROR;
            goto done;
        }
        const char *inst = json_get_string(d, "instId");
        if (!inst || !*inst) {
            json_field_error(err, errn, w, "instId", d, inst ? JSON_NULL : JSON_MISSING);
            ret = STREAM_MSG_ERROR;
            goto done;
        }
        const cJSON *details = cJSON_GetObjectItemCaseSensitive(d, "details");
        if (!cJSON_IsArray(details)) {
            json_field_error(err, errn, w, "details", d, details ? JSON_BAD_TYPE : JSON_MISSING);
            ret = STREAM_MSG_ERROR;
            goto done;
        }
        char sym[SYM_MAX];
        int want = vu_sym_strip(inst, "-USDT-SWAP", sym) == 0 && parse_ctx_tracked(ctx, sym);
        double ctval = want ? parse_ctx_contract_size(ctx, sym) : NAN;
        size_t k = 0;
        for (const cJSON *x = details->child; x; x = x->next, k++) {
            char wx[64];
            snprintf(wx, sizeof wx, "%s.details[%zu]", w, k);
            if (!cJSON_IsObject(x)) {
                snprintf(err, errn, "%s: not an object", wx);
                ret = STREAM_MSG_ERROR;
                goto done;
            }
            enum liq_side ls; /* the order's side: a forced buy closes a short */
            double px, sz;
            int64_t ts;
            if (vu_ws_side(x, "side", wx, "buy", "sell", LIQ_SHORT, &ls, err, errn) ||
                vu_fnum(x, "bkPx", wx, VU_REQUIRED, -INFINITY, 1, &px, err, errn) ||
                vu_fnum(x, "sz", wx, VU_REQUIRED, -INFINITY, 1, &sz, err, errn) ||
                vu_fint64(x, "ts", wx, &ts, err, errn)) {
                ret = STREAM_MSG_ERROR;
                goto done;
            }
            if (!want)
                continue;
            if (isnan(ctval) || !(ctval > 0)) {
                if (!skipped++)
                    text_copy(skipped_sym, sizeof skipped_sym, sym);
                continue;
            }
            if (vu_ws_liq(out, sym, ts, ls, px, sz * ctval, wx, err, errn)) {
                ret = STREAM_MSG_ERROR;
                goto done;
            }
        }
    }
    if (skipped)
        snprintf(err, errn, "skipped %zu liquidation%s: contract size of %s unknown yet", skipped,
                 skipped == 1 ? "" : "s", skipped_sym);
done:
    cJSON_Delete(root);
    return ret;
}

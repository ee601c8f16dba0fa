/* sources: the health of every source: state, last success, latency,
 * traffic, request rate, errors, the last error and the source's standing
 * note (e.g. "liquidations: lower bound"). */
#include "panel.h"

#include "liqtop/num.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *state_name(enum health_state h)
{
    switch (h) {
    case HEALTH_OK: return "ok";
    case HEALTH_STALE: return "stale";
    case HEALTH_DOWN: return "down";
    case HEALTH_DISABLED: return "off";
    default: return "waiting";
    }
}

static int state_role(enum health_state h)
{
    return h == HEALTH_OK ? ROLE_OK : h == HEALTH_STALE ? ROLE_STALE : h == HEALTH_DOWN ? ROLE_BAD
                                                                                       : ROLE_DIM;
}

enum { S_NAME, S_STATE, S_LASTOK, S_LAT, S_BYTES, S_RPM, S_REQ, S_ERR, S_TEXT, S_COUNT };

static const struct ui_colspec cols[S_COUNT] = {
    [S_NAME] = {"SOURCE", 11, 0, 0, 0},   [S_STATE] = {"STATE", 7, 0, 0, 0},
    [S_LASTOK] = {"LAST OK", 7, 1, 1, 0}, [S_LAT] = {"LATENCY", 8, 1, 1, 0},
    [S_BYTES] = {"BYTES", 7, 3, 1, 0},    [S_RPM] = {"REQ/MIN", 7, 1, 1, 0},
    [S_REQ] = {"REQS", 7, 4, 1, 0},       [S_ERR] = {"ERRORS", 6, 2, 1, 0},
    [S_TEXT] = {"LAST ERROR / NOTE", 30, 0, 0, 400},
};

void sources_draw(const struct view *v, struct ui_state *st, struct surface *s, struct rect r)
{
    if (r.h <= 0)
        return;
    char right[64], mem[16];
    num_fmt_qty(mem, sizeof mem, (double)store_bytes(v->store));
    snprintf(right, sizeof right, "store memory %sB", mem);
    ui_panel_title(s, r, "SOURCES", right);
    if (r.h < 2)
        return;
    int shown[S_COUNT], w[S_COUNT];
    ui_cols_layout(cols, S_COUNT, r.w - 1, shown, w);
    int x = r.x + 1;
    for (int c = 0; c < S_COUNT; c++) {
        if (!shown[c])
            continue;
        ui_cell(s, r.y + 1, x, w[c], cols[c].right, ROLE_DIM, cols[c].title);
        x += w[c] + 1;
    }
    int y = r.y + 2, end = r.y + r.h;
    st->hits.list_y = y;
    st->hits.list_h = end - y;
    if (st->src_scroll > SRC_COUNT - 1)
        st->src_scroll = SRC_COUNT - 1;
    if (st->src_scroll < 0)
        st->src_scroll = 0;
    for (int src = st->src_scroll; src < SRC_COUNT && y < end; src++) {
        const struct source_health *h = &v->store->health[src];
        x = r.x + 1;
        int text_x = x, text_w = 0;
        for (int c = 0; c < S_COUNT; c++) {
            if (!shown[c])
                continue;
            char buf[64];
            int role = h->state == HEALTH_DISABLED ? ROLE_DIM : ROLE_NORMAL;
            buf[0] = '\0';
            switch (c) {
            case S_NAME: snprintf(buf, sizeof buf, "%s", source_name((enum source_id)src)); break;
            case S_STATE:
                snprintf(buf, sizeof buf, "%s", state_name(h->state));
                role = state_role(h->state);
                break;
            case S_LASTOK:
                if (h->last_ok_ms > 0 && h->state != HEALTH_DISABLED)
                    ui_format_ago(buf, sizeof buf, v->now_ms - h->last_ok_ms);
                else
                    snprintf(buf, sizeof buf, "-");
                break;
            case S_LAT:
                if (h->latency_ms > 0)
                    snprintf(buf, sizeof buf, "%.0f ms", h->latency_ms);
                else
                    snprintf(buf, sizeof buf, "-");
                break;
            case S_BYTES:
                if (h->bytes)
                    num_fmt_qty(buf, sizeof buf, (double)h->bytes);
                else
                    snprintf(buf, sizeof buf, "-");
                break;
            case S_RPM:
                if (h->requests)
                    snprintf(buf, sizeof buf, "%.1f", h->requests_per_min);
                else
                    snprintf(buf, sizeof buf, "-");
                break;
            case S_REQ: snprintf(buf, sizeof buf, "%llu", (unsigned long long)h->requests); break;
            case S_ERR:
                snprintf(buf, sizeof buf, "%llu", (unsigned long long)h->errors);
                if (h->errors)
                    role = ROLE_ALERT_WARN;
                break;
            case S_TEXT:
                text_x = x;
                text_w = w[c];
                continue;
            }
            ui_cell(s, y, x, w[c], cols[c].right, role, buf);
            x += w[c] + 1;
        }
        /* the last error while failing, else the note; both if there is a line */
        int failing = h->state == HEALTH_DOWN || h->state == HEALTH_STALE;
        const char *err = h->last_error[0] ? h->last_error : NULL;
        const char *note = h->note[0] ? h->note : NULL;
        char retry[48] = "";
        if (failing && h->retry_at_ms > v->now_ms) {
            char in[16];
            ui_format_ago(in, sizeof in, h->retry_at_ms - v->now_ms);
            snprintf(retry, sizeof retry, " (retry in %s)", in);
        }
        if (failing && err) {
            char line[220];
            snprintf(line, sizeof line, "%s%s", err, retry);
            surface_put(s, y, text_x, ROLE_BAD, line, text_w);
            if (note && y + 1 < end && text_w < 60) {
                y++;
                surface_put(s, y, text_x, ROLE_DIM, note, text_w);
            }
        } else if (note) {
            surface_put(s, y, text_x, ROLE_DIM, note, text_w);
        } else if (err) {
            char line[220];
            snprintf(line, sizeof line, "last error: %s", err);
            surface_put(s, y, text_x, ROLE_DIM, line, text_w);
        }
        y++;
    }
}

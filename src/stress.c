/* stress: the market stress index (see stress.h). */
#include "liqtop/stress.h"

#include "liqtop/text.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void stress_cfg_default(struct stress_cfg *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    text_copy(cfg->lead, sizeof cfg->lead, "BTC");
    cfg->w_liq = 0.30;
    cfg->w_drawdown = 0.20;
    cfg->w_oi = 0.15;
    cfg->w_funding = 0.10;
    cfg->w_depth = 0.15;
    cfg->w_fear_greed = 0.10;
    cfg->liq_full_pct = 1.0;
    cfg->drawdown_full_pct = 5;
    cfg->oi_full_pct = 5;
    cfg->funding_calm_apr = 10;
    cfg->funding_full_apr = 100;
    cfg->depth_full_pct = 70;
    cfg->fg_calm = 60;
    cfg->fg_full = 10;
    cfg->band_warn = 60;
    cfg->band_crit = 80;
    cfg->hysteresis = 5;
    cfg->min_coverage = 0.5;
}

static double norm01(double x)
{
    if (isnan(x))
        return NAN;
    return x < 0 ? 0 : x > 1 ? 1 : x;
}

static double ratio(double num, double den)
{
    return den > 0 ? num / den : (num > 0 ? 1 : 0);
}

double stress_compute(const struct stress_cfg *cfg, const struct stress_inputs *in,
                      struct stress_comp out[STRESS_NCOMP])
{
    static const char *const names[STRESS_NCOMP] = {"liquidations", "drawdown", "oi_change",
                                                    "funding", "depth", "fear_greed"};
    static const char *const units[STRESS_NCOMP] = {"% OI/h", "%", "%", "%/yr", "%", ""};
    double w[STRESS_NCOMP] = {cfg->w_liq,     cfg->w_drawdown, cfg->w_oi,
                              cfg->w_funding, cfg->w_depth,    cfg->w_fear_greed};
    double raw[STRESS_NCOMP], nrm[STRESS_NCOMP];

    raw[STRESS_LIQ] = in->oi_usd > 0 && in->liq_1h_usd >= 0 ? in->liq_1h_usd / in->oi_usd * 100 : NAN;
    nrm[STRESS_LIQ] = norm01(ratio(raw[STRESS_LIQ], cfg->liq_full_pct));

    raw[STRESS_DRAWDOWN] = isfinite(in->lead_change_1h) ? -in->lead_change_1h * 100 : NAN;
    nrm[STRESS_DRAWDOWN] = norm01(ratio(raw[STRESS_DRAWDOWN], cfg->drawdown_full_pct));

    raw[STRESS_OI] = isfinite(in->oi_change_1h) ? in->oi_change_1h * 100 : NAN;
    nrm[STRESS_OI] = isnan(raw[STRESS_OI])
                         ? NAN
                         : norm01(ratio(raw[STRESS_OI] < 0 ? -raw[STRESS_OI] : raw[STRESS_OI] / 2,
                                        cfg->oi_full_pct));

    raw[STRESS_FUNDING] = isfinite(in->lead_funding_apr) ? in->lead_funding_apr * 100 : NAN;
    nrm[STRESS_FUNDING] = isnan(raw[STRESS_FUNDING])
                              ? NAN
                              : norm01(ratio(fabs(raw[STRESS_FUNDING]) - cfg->funding_calm_apr,
                                             cfg->funding_full_apr - cfg->funding_calm_apr));

    raw[STRESS_DEPTH] = isfinite(in->lead_depth_ratio) ? (1 - in->lead_depth_ratio) * 100 : NAN;
    nrm[STRESS_DEPTH] = norm01(ratio(raw[STRESS_DEPTH], cfg->depth_full_pct));

    raw[STRESS_FEAR_GREED] =
        isfinite(in->fear_greed) && in->fear_greed >= 0 && in->fear_greed <= 100 ? in->fear_greed : NAN;
    nrm[STRESS_FEAR_GREED] =
        isnan(raw[STRESS_FEAR_GREED])
            ? NAN
            : norm01(ratio(cfg->fg_calm - raw[STRESS_FEAR_GREED], cfg->fg_calm - cfg->fg_full));

    double sum = 0, wsum = 0, wall = 0;
    for (int i = 0; i < STRESS_NCOMP; i++) {
        out[i] = (struct stress_comp){names[i], units[i], raw[i], nrm[i], w[i] > 0 ? w[i] : 0};
        if (w[i] > 0)
            wall += w[i];
        if (!isnan(nrm[i]) && w[i] > 0) {
            sum += w[i] * nrm[i];
            wsum += w[i];
        }
    }
    if (!(wsum > 0) || wsum < cfg->min_coverage * wall)
        return NAN;
    return 100 * sum / wsum;
}

int stress_step(const struct stress_cfg *cfg, struct stress_state *st, double index,
                const struct stress_comp comp[STRESS_NCOMP], struct alerts *al,
                uint64_t *episode_seq, int64_t now_ms)
{
    if (isnan(index))
        return st->band;
    const double bands[3] = {0, cfg->band_warn, cfg->band_crit};
    int band = st->band;
    while (band < 2 && index >= bands[band + 1])
        band++;
    while (band > 0 && index < bands[band] - cfg->hysteresis)
        band--;
    int rose = band > st->band;
    if (band == 0)
        st->episode = 0; /* the episode ends when stress is back below every band */
    st->band = band;
    if (!rose)
        return band;
    if (!st->episode)
        st->episode = ++*episode_seq;
    if (!al)
        return band;
    /* name the two biggest contributors */
    int top[2] = {-1, -1};
    for (int i = 0; i < STRESS_NCOMP; i++) {
        if (isnan(comp[i].norm) || comp[i].weight <= 0)
            continue;
        double c = comp[i].norm * comp[i].weight;
        if (top[0] < 0 || c > comp[top[0]].norm * comp[top[0]].weight) {
            top[1] = top[0];
            top[0] = i;
        } else if (top[1] < 0 || c > comp[top[1]].norm * comp[top[1]].weight) {
            top[1] = i;
        }
    }
    struct alert a;
    memset(&a, 0, sizeof a);
    a.t_ms = now_ms;
    text_copy(a.kind, sizeof a.kind, "stress");
    a.sev = band == 2 ? SEV_CRIT : SEV_WARN;
    a.value = index;
    a.threshold = bands[band];
    a.episode = st->episode;
    int w = snprintf(a.msg, sizeof a.msg, "Market stress %.0f/100 (%s band %.0f)", index,
                     band == 2 ? "crit" : "warn", bands[band]);
    for (int k = 0; k < 2 && w > 0 && (size_t)w < sizeof a.msg; k++) {
        if (top[k] < 0)
            break;
        int x = snprintf(a.msg + w, sizeof a.msg - (size_t)w, "%s %s %.2f", k ? "," : ":",
                         comp[top[k]].name, comp[top[k]].norm);
        if (x < 0)
            break;
        w += x;
    }
    alerts_raise(al, &a);
    return band;
}

/* sim_rng: the simulator's random numbers (see sim_int.h). Integer core
 * (xoshiro256**), so a seed gives the same stream on every platform. */
#include "sim_int.h"

#include <math.h>
#include <stdint.h>

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void sim_rng_seed(struct sim_rng *r, uint64_t seed, uint64_t stream)
{
    uint64_t x = seed ^ (stream * 0xd1b54a32d192ed03ULL);
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
    if (!(r->s[0] | r->s[1] | r->s[2] | r->s[3]))
        r->s[0] = 1; /* the all-zero state is a fixed point */
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t sim_rng_u64(struct sim_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double sim_rng_unif(struct sim_rng *r)
{
    return (double)(sim_rng_u64(r) >> 11) * (1.0 / 9007199254740992.0);
}

double sim_rng_range(struct sim_rng *r, double lo, double hi)
{
    return lo + (hi - lo) * sim_rng_unif(r);
}

/* Box-Muller, one value per call (no cached spare: a call always consumes the
 * same amount of the stream, which keeps runs easy to reason about). */
double sim_rng_norm(struct sim_rng *r)
{
    double u1 = 1.0 - sim_rng_unif(r); /* (0, 1] */
    double u2 = sim_rng_unif(r);
    return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

double sim_rng_exp(struct sim_rng *r)
{
    return -log(1.0 - sim_rng_unif(r));
}

/* Knuth's product method; fine for the small means the simulator uses. */
uint32_t sim_rng_poisson(struct sim_rng *r, double mean)
{
    if (!(mean > 0))
        return 0;
    if (mean > 30) { /* normal approximation, never needed in practice */
        double x = mean + sqrt(mean) * sim_rng_norm(r) + 0.5;
        if (!(x < 4294967295.0)) /* a huge mean: converting would be undefined */
            return UINT32_MAX;
        return x < 0 ? 0 : (uint32_t)x;
    }
    double l = exp(-mean), prod = sim_rng_unif(r);
    uint32_t k = 0;
    while (prod > l) {
        k++;
        prod *= sim_rng_unif(r);
    }
    return k;
}

double sim_rng_pareto(struct sim_rng *r, double xm, double alpha, double cap)
{
    double u = 1.0 - sim_rng_unif(r); /* (0, 1] */
    double x = xm * pow(u, -1.0 / alpha);
    return x > cap ? cap : x;
}

/* FNV-1a: stream ids from symbol names. */
uint64_t sim_hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

/* json: strict cJSON accessors (see json.h). */
#include "liqtop/json.h"

#include "liqtop/num.h"
#include "liqtop/text.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

cJSON *json_parse(const char *body, size_t len, char *err, size_t errn)
{
    if (!body || len == 0) {
        if (errn)
            snprintf(err, errn, "empty body");
        return NULL;
    }
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(body, len, &end, 0);
    if (!root && errn) {
        size_t off = end && end >= body ? (size_t)(end - body) : 0;
        if (off >= len)
            snprintf(err, errn, "truncated JSON (%zu bytes)", len);
        else
            snprintf(err, errn, "invalid JSON at byte %zu", off);
    }
    return root;
}

int json_number(const cJSON *item, double *out)
{
    if (!item)
        return JSON_MISSING;
    if (cJSON_IsNull(item))
        return JSON_NULL;
    if (cJSON_IsNumber(item)) {
        if (!isfinite(item->valuedouble))
            return JSON_BAD_NUMBER;
        *out = item->valuedouble;
        return JSON_OK;
    }
    if (cJSON_IsString(item) && item->valuestring) {
        size_t len = strlen(item->valuestring);
        if (len == 0)
            return JSON_NULL;
        return num_parse(item->valuestring, len, out) == NUM_OK ? JSON_OK : JSON_BAD_NUMBER;
    }
    return JSON_BAD_TYPE;
}

int json_int64(const cJSON *item, int64_t *out)
{
    if (!item)
        return JSON_MISSING;
    if (cJSON_IsNull(item))
        return JSON_NULL;
    if (cJSON_IsNumber(item)) {
        double d = item->valuedouble;
        /* doubles hold integers exactly up to 2^53; ms timestamps are ~2^41 */
        if (!isfinite(d) || d != floor(d) || fabs(d) > 9007199254740992.0)
            return JSON_BAD_NUMBER;
        *out = (int64_t)d;
        return JSON_OK;
    }
    if (cJSON_IsString(item) && item->valuestring) {
        size_t len = strlen(item->valuestring);
        if (len == 0)
            return JSON_NULL;
        return num_parse_i64(item->valuestring, len, out) == NUM_OK ? JSON_OK : JSON_BAD_NUMBER;
    }
    return JSON_BAD_TYPE;
}

int json_get_number(const cJSON *obj, const char *key, double *out)
{
    if (!obj || !cJSON_IsObject(obj))
        return JSON_MISSING;
    return json_number(cJSON_GetObjectItemCaseSensitive(obj, key), out);
}

int json_get_int64(const cJSON *obj, const char *key, int64_t *out)
{
    if (!obj || !cJSON_IsObject(obj))
        return JSON_MISSING;
    return json_int64(cJSON_GetObjectItemCaseSensitive(obj, key), out);
}

const char *json_get_string(const cJSON *obj, const char *key)
{
    if (!obj || !cJSON_IsObject(obj))
        return NULL;
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(it) ? it->valuestring : NULL;
}

int json_get_number_opt(const cJSON *obj, const char *key, double *out)
{
    int st = json_get_number(obj, key, out);
    if (st == JSON_MISSING || st == JSON_NULL) {
        *out = NAN;
        return JSON_OK;
    }
    return st;
}

const char *json_status_str(int status)
{
    switch (status) {
    case JSON_OK: return "ok";
    case JSON_MISSING: return "missing";
    case JSON_NULL: return "null or empty";
    case JSON_BAD_TYPE: return "wrong type";
    case JSON_BAD_NUMBER: return "not a number";
    default: return "bad value";
    }
}

void json_field_error(char *err, size_t errn, const char *where, const char *key,
                      const cJSON *obj, int status)
{
    if (!errn)
        return;
    char excerpt[40] = "";
    const cJSON *it = obj && cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
    if (it && cJSON_IsString(it) && it->valuestring)
        text_sanitize(excerpt, sizeof excerpt, it->valuestring, strlen(it->valuestring));
    if (excerpt[0])
        snprintf(err, errn, "%s.%s: %s ('%s')", where ? where : "", key, json_status_str(status),
                 excerpt);
    else
        snprintf(err, errn, "%s.%s: %s", where ? where : "", key, json_status_str(status));
}

/* json: strict accessors over cJSON for the venue parsers.
 *
 * Exchanges send the same number as a JSON number in one endpoint and a
 * string in the next ("63012.5"), sometimes "" for "not applicable". These
 * helpers take either form, check it strictly (num.h), and report what was
 * wrong with the field named, so a parser can say
 * "premiumIndex[2].markPrice: not a number ('abc')" instead of storing 0. */
#ifndef LIQTOP_JSON_H
#define LIQTOP_JSON_H

#include <cJSON.h>
#include <stddef.h>
#include <stdint.h>

enum json_status {
    JSON_OK = 0,
    JSON_MISSING = -1,  /* no such key (or item is NULL) */
    JSON_NULL = -2,     /* JSON null, or "" where a number was expected */
    JSON_BAD_TYPE = -3, /* e.g. an object where a number was expected */
    JSON_BAD_NUMBER = -4, /* a string that is not a finite decimal number */
};

/* Parse a body that is not NUL-terminated. NULL on error, with err set to
 * "invalid JSON at byte N" (or "empty body"). Free with cJSON_Delete. */
cJSON *json_parse(const char *body, size_t len, char *err, size_t errn);

/* A number from a JSON number or numeric string. */
int json_number(const cJSON *item, double *out);
/* Whole number (timestamps): number or string; must be integral. */
int json_int64(const cJSON *item, int64_t *out);
/* Field accessors (obj may be NULL -> JSON_MISSING). */
int json_get_number(const cJSON *obj, const char *key, double *out);
int json_get_int64(const cJSON *obj, const char *key, int64_t *out);
/* String value of a field, or NULL if missing or not a string. */
const char *json_get_string(const cJSON *obj, const char *key);

/* Optional number: missing, null or "" give NAN and JSON_OK; a present but
 * malformed value is still an error. */
int json_get_number_opt(const cJSON *obj, const char *key, double *out);

/* "missing", "null", "wrong type", "not a number". */
const char *json_status_str(int status);
/* Write "WHERE.KEY: problem ('value excerpt')" into err. */
void json_field_error(char *err, size_t errn, const char *where, const char *key,
                      const cJSON *obj, int status);

#endif

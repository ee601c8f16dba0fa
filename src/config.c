/* config: table-driven key = value parser (see config.h). */
#include "liqtop/config.h"

#include "liqtop/num.h"
#include "liqtop/text.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINE_MAX_LEN 4096

int config_parse_bool(const char *v)
{
    static const char *yes[] = {"yes", "true", "on", "1"};
    static const char *no[] = {"no", "false", "off", "0"};
    for (size_t i = 0; i < 4; i++) {
        if (strcmp(v, yes[i]) == 0)
            return 1;
        if (strcmp(v, no[i]) == 0)
            return 0;
    }
    return -1;
}

static int set_value(const struct cfg_key *k, void *base, const char *value, char *err,
                     size_t errn)
{
    char *field = (char *)base + k->offset;
    switch (k->type) {
    case CFG_BOOL: {
        int b = config_parse_bool(value);
        if (b < 0) {
            text_errf(err, errn, "%s: expected yes or no, got '%s'", k->name, value);
            return -1;
        }
        *(int *)(void *)field = b;
        return 0;
    }
    case CFG_INT:
    case CFG_UINT32: {
        int64_t v;
        int st = num_parse_i64(value, strlen(value), &v);
        if (st != NUM_OK) {
            text_errf(err, errn, "%s: expected a whole number, got '%s'", k->name, value);
            return -1;
        }
        if ((double)v < k->min || (double)v > k->max) {
            text_errf(err, errn, "%s: %s is out of range (%g..%g)", k->name, value, k->min,
                    k->max);
            return -1;
        }
        if (k->type == CFG_UINT32)
            *(uint32_t *)(void *)field = (uint32_t)v;
        else
            *(int *)(void *)field = (int)v;
        return 0;
    }
    case CFG_DOUBLE: {
        double v;
        int st = num_parse(value, strlen(value), &v);
        if (st != NUM_OK) {
            text_errf(err, errn, "%s: expected a number, got '%s'", k->name, value);
            return -1;
        }
        if (v < k->min || v > k->max) {
            text_errf(err, errn, "%s: %s is out of range (%g..%g)", k->name, value, k->min,
                    k->max);
            return -1;
        }
        *(double *)(void *)field = v;
        return 0;
    }
    case CFG_STRING:
        if (strlen(value) >= k->size) {
            text_errf(err, errn, "%s: value too long (max %zu characters)", k->name, k->size - 1);
            return -1;
        }
        text_copy(field, k->size, value);
        return 0;
    case CFG_ENUM:
        for (int i = 0; k->choices && k->choices[i]; i++) {
            if (strcmp(k->choices[i], value) == 0) {
                *(int *)(void *)field = i;
                return 0;
            }
        }
        {
            char list[256] = "";
            for (int i = 0; k->choices && k->choices[i]; i++) {
                if (i)
                    strncat(list, ", ", sizeof list - strlen(list) - 1);
                strncat(list, k->choices[i], sizeof list - strlen(list) - 1);
            }
            text_errf(err, errn, "%s: '%s' is not one of: %s", k->name, value, list);
        }
        return -1;
    }
    return -1;
}

/* Find the section for "name" or "name.sub"; *sub points after the dot. */
static const struct cfg_section *find_section(const struct cfg_section *secs, size_t n,
                                              const char *name, const char **sub)
{
    const char *dot = strchr(name, '.');
    size_t base_len = dot ? (size_t)(dot - name) : strlen(name);
    for (size_t i = 0; i < n; i++) {
        if (strlen(secs[i].name) == base_len && strncmp(secs[i].name, name, base_len) == 0) {
            if (dot && !secs[i].dynamic)
                return NULL; /* [general.x] is not a thing */
            *sub = dot ? dot + 1 : "";
            return &secs[i];
        }
    }
    return NULL;
}

static int apply(const struct cfg_section *sec, const char *sub, const char *key,
                 const char *value, char *err, size_t errn)
{
    if (!*sub) {
        for (size_t i = 0; i < sec->n_keys; i++)
            if (strcmp(sec->keys[i].name, key) == 0)
                return set_value(&sec->keys[i], sec->base, value, err, errn);
    }
    if (sec->dynamic)
        return sec->dynamic(sec->user, sub, key, value, err, errn);
    text_errf(err, errn, "unknown key '%s' in [%s]", key, sec->name);
    return -1;
}

int config_set(const struct cfg_section *secs, size_t n, const char *section, const char *key,
               const char *value, char *err, size_t errn)
{
    const char *sub = "";
    const struct cfg_section *sec = find_section(secs, n, section, &sub);
    if (!sec) {
        text_errf(err, errn, "unknown section [%s]", section);
        return -1;
    }
    return apply(sec, sub, key, value, err, errn);
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t len = strlen(s);
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r' ||
                   s[len - 1] == '\n'))
        s[--len] = '\0';
    return s;
}

static int valid_name(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '_' || *s == '-' || *s == '.'))
            return 0;
    return 1;
}

/* Parse one line; section buffer is updated on [headers]. */
static int parse_line(char *line, char *section, size_t secn, const struct cfg_section *secs,
                      size_t n, char *msg, size_t msgn)
{
    char *s = trim(line);
    if (*s == '\0' || *s == '#' || *s == ';')
        return 0;
    if (*s == '[') {
        char *end = strchr(s, ']');
        if (!end || trim(end + 1)[0] != '\0') {
            text_errf(msg, msgn, "malformed section header '%s'", s);
            return -1;
        }
        *end = '\0';
        char *name = trim(s + 1);
        const char *sub;
        if (!valid_name(name) || !find_section(secs, n, name, &sub)) {
            text_errf(msg, msgn, "unknown section [%s]", name);
            return -1;
        }
        text_copy(section, secn, name);
        return 0;
    }
    char *eq = strchr(s, '=');
    if (!eq) {
        text_errf(msg, msgn, "expected 'key = value', got '%s'", s);
        return -1;
    }
    *eq = '\0';
    char *key = trim(s);
    char *value = trim(eq + 1);
    if (!valid_name(key)) {
        text_errf(msg, msgn, "bad key name '%s'", key);
        return -1;
    }
    size_t vlen = strlen(value);
    if (vlen && value[0] == '"') {
        if (vlen < 2 || value[vlen - 1] != '"') {
            text_errf(msg, msgn, "%s: unterminated quoted value", key);
            return -1;
        }
        value[vlen - 1] = '\0';
        value++;
    } else {
        /* an unquoted value may carry a trailing comment */
        char *hash = strstr(value, " #");
        if (hash) {
            *hash = '\0';
            value = trim(value);
        }
    }
    for (const char *p = value; *p; p++) {
        if ((unsigned char)*p < 0x20) {
            text_errf(msg, msgn, "%s: control character in value", key);
            return -1;
        }
    }
    return config_set(secs, n, section, key, value, msg, msgn);
}

int config_load_string(const char *name, const char *text, const struct cfg_section *secs,
                       size_t n, char *err, size_t errn)
{
    char section[64] = "general";
    char line[LINE_MAX_LEN];
    char msg[512];
    int lineno = 0;
    const char *p = text;
    while (p && *p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        lineno++;
        if (len >= sizeof line) {
            text_errf(err, errn, "%s:%d: line too long", name, lineno);
            return -1;
        }
        memcpy(line, p, len);
        line[len] = '\0';
        if (parse_line(line, section, sizeof section, secs, n, msg, sizeof msg) != 0) {
            text_errf(err, errn, "%s:%d: %s", name, lineno, msg);
            return -1;
        }
        p = nl ? nl + 1 : NULL;
    }
    return 0;
}

int config_load_file(const char *path, const struct cfg_section *secs, size_t n, char *err,
                     size_t errn)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        text_errf(err, errn, "%s: %s", path, strerror(errno));
        return -1;
    }
    /* config files are small; cap at 1 MiB so a wrong path (a log, /dev/zero) fails cleanly */
    size_t cap = 1 << 20, len = 0;
    char *buf = malloc(cap + 1);
    if (!buf) {
        fclose(f);
        text_errf(err, errn, "%s: out of memory", path);
        return -1;
    }
    size_t got;
    while ((got = fread(buf + len, 1, cap - len, f)) > 0)
        len += got;
    int too_big = len == cap && fgetc(f) != EOF;
    int read_err = ferror(f);
    fclose(f);
    if (read_err || too_big) {
        text_errf(err, errn, "%s: %s", path, too_big ? "file too large (over 1 MiB)" : "read error");
        free(buf);
        return -1;
    }
    if (memchr(buf, '\0', len)) {
        /* name the line holding the NUL */
        int line = 1;
        for (size_t i = 0; i < len && buf[i]; i++)
            line += buf[i] == '\n';
        text_errf(err, errn, "%s:%d: NUL byte (not a text file?)", path, line);
        free(buf);
        return -1;
    }
    buf[len] = '\0';
    int rc = config_load_string(path, buf, secs, n, err, errn);
    free(buf);
    return rc;
}

void config_default_path(char *buf, size_t n)
{
    const char *xdg = getenv("XDG_CONFIG_HOME");
    const char *home = getenv("HOME");
    if (xdg && *xdg)
        snprintf(buf, n, "%s/liqtop/config", xdg);
    else if (home && *home)
        snprintf(buf, n, "%s/.config/liqtop/config", home);
    else if (n)
        buf[0] = '\0';
}

/* keys: the key table and key maps (see keys.h). */
#include "liqtop/keys.h"

#include "liqtop/text.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#define KEY_ROW(id, name, keys, help) {name, keys, help},
static const struct key_binding table[ACT_COUNT] = {KEY_ACTIONS(KEY_ROW)};
#undef KEY_ROW

const struct key_binding *keys_table(void)
{
    return table;
}

static const struct {
    const char *name;
    int code;
} named[] = {
    {"Up", KEY_UP},       {"Down", KEY_DOWN},   {"Left", KEY_LEFT},   {"Right", KEY_RIGHT},
    {"PgUp", KEY_PPAGE},  {"PgDn", KEY_NPAGE},  {"Home", KEY_HOME},   {"End", KEY_END},
    {"Enter", '\n'},      {"Esc", 27},          {"Tab", '\t'},        {"Space", ' '},
    {"Backspace", KEY_BACKSPACE},               {"Delete", KEY_DC},
};

int key_code_from_name(const char *name)
{
    if (!name || !*name)
        return -1;
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
        if (strcmp(named[i].name, name) == 0)
            return named[i].code;
    if (strncmp(name, "Ctrl-", 5) == 0 && name[5] && !name[6]) {
        char c = name[5];
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        if (c >= 'A' && c <= 'Z')
            return c - 'A' + 1;
        return -1;
    }
    if (name[0] == 'F' && name[1] >= '1' && name[1] <= '9') {
        int n = name[1] - '0';
        if (name[2] >= '0' && name[2] <= '2' && !name[3] && n == 1)
            n = 10 + (name[2] - '0');
        else if (name[2])
            return -1;
        return KEY_F(n);
    }
    if (!name[1] && (unsigned char)name[0] > 0x20 && (unsigned char)name[0] < 0x7f)
        return (unsigned char)name[0];
    return -1;
}

const char *key_name_from_code(int code, char *buf, size_t n)
{
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
        if (named[i].code == code) {
            text_copy(buf, n, named[i].name);
            return buf;
        }
    }
    if (code == KEY_ENTER || code == '\r') {
        text_copy(buf, n, "Enter");
    } else if (code >= 1 && code <= 26) {
        snprintf(buf, n, "Ctrl-%c", 'A' + code - 1);
    } else if (code >= KEY_F(1) && code <= KEY_F(12)) {
        snprintf(buf, n, "F%d", code - KEY_F(0));
    } else if (code > 0x20 && code < 0x7f) {
        snprintf(buf, n, "%c", code);
    } else {
        snprintf(buf, n, "key%d", code);
    }
    return buf;
}

/* Split a space-separated key list into codes; -1 on an unknown name. */
static int parse_key_list(const char *list, int *codes, char *bad, size_t badn)
{
    int count = 0;
    char word[32];
    const char *p = list;
    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        size_t len = strcspn(p, " ");
        if (len >= sizeof word) {
            text_copy(bad, badn, "(too long)");
            return -1;
        }
        memcpy(word, p, len);
        word[len] = '\0';
        int code = key_code_from_name(word);
        if (code < 0 || count == KEYS_MAX_PER_ACTION) {
            text_sanitize(bad, badn, word, len);
            return -1;
        }
        codes[count++] = code;
        p += len;
    }
    return count;
}

void keymap_default(struct keymap *km)
{
    memset(km, 0, sizeof *km);
    char bad[32];
    for (int a = 0; a < ACT_COUNT; a++)
        parse_key_list(table[a].default_keys, km->codes[a], bad, sizeof bad);
}

static int action_from_name(const char *name)
{
    for (int a = 0; a < ACT_COUNT; a++)
        if (strcmp(table[a].name, name) == 0)
            return a;
    return -1;
}

int keymap_set(struct keymap *km, const char *action, const char *keys, char *err, size_t errn)
{
    int a = action_from_name(action);
    if (a < 0) {
        snprintf(err, errn, "unknown action '%s' in [keys]", action);
        return -1;
    }
    int codes[KEYS_MAX_PER_ACTION] = {0};
    int n = 0;
    if (strcmp(keys, "none") != 0) {
        char bad[32];
        n = parse_key_list(keys, codes, bad, sizeof bad);
        if (n <= 0) {
            snprintf(err, errn, "%s: unknown key name '%s' (e.g. q, Ctrl-R, F5, Up, PgDn, Enter)",
                     action, n < 0 ? bad : keys);
            return -1;
        }
    }
    /* a key taken from another action would silently change that action too */
    for (int i = 0; i < n; i++) {
        for (int b = 0; b < ACT_COUNT; b++) {
            if (b == a)
                continue;
            for (int k = 0; k < KEYS_MAX_PER_ACTION; k++) {
                if (km->codes[b][k] == codes[i]) {
                    char name[16];
                    snprintf(err, errn, "%s: key '%s' is already bound to '%s' (unbind it first)",
                             action, key_name_from_code(codes[i], name, sizeof name),
                             table[b].name);
                    return -1;
                }
            }
        }
    }
    memset(km->codes[a], 0, sizeof km->codes[a]);
    memcpy(km->codes[a], codes, sizeof(int) * (size_t)n);
    return 0;
}

enum key_action keymap_lookup(const struct keymap *km, int code)
{
    if (code == KEY_ENTER || code == '\r')
        code = '\n';
    for (int a = 0; a < ACT_COUNT; a++)
        for (int k = 0; k < KEYS_MAX_PER_ACTION; k++)
            if (km->codes[a][k] && km->codes[a][k] == code)
                return (enum key_action)a;
    return ACT_NONE;
}

void keymap_describe(const struct keymap *km, enum key_action a, char *buf, size_t n)
{
    if (!n)
        return;
    buf[0] = '\0';
    for (int k = 0; k < KEYS_MAX_PER_ACTION; k++) {
        if (!km->codes[a][k])
            continue;
        char name[16];
        key_name_from_code(km->codes[a][k], name, sizeof name);
        if (buf[0])
            strncat(buf, ", ", n - strlen(buf) - 1);
        strncat(buf, name, n - strlen(buf) - 1);
    }
    if (!buf[0])
        text_copy(buf, n, "(unbound)");
}

int keys_cfg_handler(void *user, const char *sub, const char *key, const char *value, char *err,
                     size_t errn)
{
    if (sub && *sub) {
        snprintf(err, errn, "[keys.%s] is not a section (use [keys])", sub);
        return -1;
    }
    return keymap_set(user, key, value, err, errn);
}

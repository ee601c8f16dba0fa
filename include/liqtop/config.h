/* config: `key = value` files with [sections], described by tables.
 *
 * The config module knows the syntax, not the keys: each module that has
 * settings exports a table of struct cfg_key (name, type, where the value
 * goes in its settings struct, bounds, one line of help), and the caller
 * lists the sections. Syntax, per line: `# comment`, `[section]`,
 * `[section.name]` (a dynamic section, e.g. [alert.btc100k]), or
 * `key = value`; blank lines are ignored; values may be "double quoted".
 * Keys before the first section belong to [general]. Every error names
 * file:line and the key; loading stops at the first error and the caller
 * keeps its previous settings (load into a copy, then swap). */
#ifndef LIQTOP_CONFIG_H
#define LIQTOP_CONFIG_H

#include <stddef.h>

enum cfg_type {
    CFG_BOOL,   /* int: yes/no, true/false, on/off, 1/0 */
    CFG_INT,    /* int within [min, max] */
    CFG_DOUBLE, /* double within [min, max] */
    CFG_STRING, /* char[size] */
    CFG_ENUM,   /* int index into choices[] */
    CFG_UINT32, /* uint32_t within [min, max] */
};

struct cfg_key {
    const char *name;
    enum cfg_type type;
    size_t offset; /* of the field in the section's struct */
    double min, max;
    size_t size;                 /* CFG_STRING: buffer size */
    const char *const *choices;  /* CFG_ENUM: NULL-terminated */
    const char *help;            /* one line, with the unit */
};

/* A handler for keys of a section the tables cannot describe ([keys],
 * [endpoints], [alert.NAME]). `sub` is the part after the dot ("" if none).
 * Return 0, or -1 with a message in err (the caller prefixes file:line). */
typedef int (*cfg_dynamic_fn)(void *user, const char *sub, const char *key, const char *value,
                              char *err, size_t errn);

struct cfg_section {
    const char *name;           /* "general", "detect", ...; for dynamic: "alert" matches [alert.X] */
    const struct cfg_key *keys; /* may be NULL for purely dynamic sections */
    size_t n_keys;
    void *base;                 /* struct the keys' offsets point into */
    cfg_dynamic_fn dynamic;     /* called for keys not in the table, or NULL */
    void *user;
};

/* Load a file. 0 on success; -1 with err = "FILE:LINE: message" (or
 * "FILE: reason" if it cannot be read). */
int config_load_file(const char *path, const struct cfg_section *secs, size_t n, char *err,
                     size_t errn);
/* Load from a string (same rules; `name` stands for the file name in errors). */
int config_load_string(const char *name, const char *text, const struct cfg_section *secs,
                       size_t n, char *err, size_t errn);
/* Set one key (command-line overrides use this). err has no file:line. */
int config_set(const struct cfg_section *secs, size_t n, const char *section, const char *key,
               const char *value, char *err, size_t errn);
/* Parse a boolean word; -1 if it is not one. */
int config_parse_bool(const char *value);
/* The default config file: $XDG_CONFIG_HOME/liqtop/config, else
 * $HOME/.config/liqtop/config. Writes "" if neither variable is set. */
void config_default_path(char *buf, size_t n);

/* Describe a table entry compactly. */
#define CFG_KEY_BOOL(st, field, help) {#field, CFG_BOOL, offsetof(st, field), 0, 1, 0, NULL, help}
#define CFG_KEY_INT(st, field, lo, hi, help)                                                       \
    {#field, CFG_INT, offsetof(st, field), lo, hi, 0, NULL, help}
#define CFG_KEY_UINT32(st, field, lo, hi, help)                                                    \
    {#field, CFG_UINT32, offsetof(st, field), lo, hi, 0, NULL, help}
#define CFG_KEY_DOUBLE(st, field, lo, hi, help)                                                    \
    {#field, CFG_DOUBLE, offsetof(st, field), lo, hi, 0, NULL, help}
#define CFG_KEY_STRING(st, field, help)                                                            \
    {#field, CFG_STRING, offsetof(st, field), 0, 0, sizeof(((st *)0)->field), NULL, help}
#define CFG_KEY_ENUM(st, field, choices, help)                                                     \
    {#field, CFG_ENUM, offsetof(st, field), 0, 0, 0, choices, help}

#endif

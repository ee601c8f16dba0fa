/* keys: the one table of key bindings.
 *
 * The X-macro below is the only place a default key is written down. It
 * generates the action enum, the `?` help screen, the lookup from a key
 * code, and the names the [keys] config section accepts; the man page's
 * KEYBINDINGS section lists the same keys and tests/test_keys.c fails when
 * they drift apart. Several keys may trigger one action.
 *
 * X(ACTION_ID, "config-name", "default keys, space separated", "help text") */
#ifndef LIQTOP_KEYS_H
#define LIQTOP_KEYS_H

#include <stddef.h>

#define KEY_ACTIONS(X)                                                                             \
    X(ACT_QUIT, "quit", "q Ctrl-C", "Quit")                                                        \
    X(ACT_HELP, "help", "? F1", "Show this help (arrows scroll it, any other key closes it)")      \
    X(ACT_UP, "up", "Up k", "Move the selection up (detail view: previous symbol)")                \
    X(ACT_DOWN, "down", "Down j", "Move the selection down (detail view: next symbol)")            \
    X(ACT_PAGE_UP, "page_up", "PgUp", "Page up")                                                   \
    X(ACT_PAGE_DOWN, "page_down", "PgDn", "Page down")                                             \
    X(ACT_TOP, "top", "g Home", "Go to the first row")                                             \
    X(ACT_BOTTOM, "bottom", "G End", "Go to the last row")                                         \
    X(ACT_DETAIL, "detail", "Enter", "Open the detail view of the selected symbol")                \
    X(ACT_BACK, "back", "Esc", "Close the detail view or help; clear the filter")                  \
    X(ACT_SORT_NEXT, "sort_next", "s", "Sort by the next column")                                  \
    X(ACT_SORT_REVERSE, "sort_reverse", "S", "Reverse the sort order")                             \
    X(ACT_FILTER, "filter", "/", "Filter symbols (type, Enter to apply, Esc to clear)")            \
    X(ACT_TAB_MARKET, "tab_market", "1", "Market table")                                           \
    X(ACT_TAB_LIQ, "tab_liquidations", "2", "Liquidations panel")                                  \
    X(ACT_TAB_ALERTS, "tab_alerts", "3", "Alerts panel")                                           \
    X(ACT_TAB_SOURCES, "tab_sources", "4", "Sources view (health of every source)")                \
    X(ACT_TAB_DETAIL, "tab_detail", "5", "Detail view of the selected symbol")                     \
    X(ACT_TAB_NEXT, "tab_next", "Tab Right", "Next tab")                                           \
    X(ACT_TAB_PREV, "tab_prev", "Left", "Previous tab")                                            \
    X(ACT_ZOOM_OUT, "zoom_out", "<", "Detail charts: longer time window")                          \
    X(ACT_ZOOM_IN, "zoom_in", ">", "Detail charts: shorter time window")                           \
    X(ACT_ACK, "ack", "a", "Acknowledge alerts (stops the flashing)")                              \
    X(ACT_PAUSE, "pause", "p", "Pause or resume the display")                                      \
    X(ACT_REFRESH, "refresh", "r", "Refresh now (poll every source)")                              \
    X(ACT_FASTER, "faster", "+", "Faster: halve the refresh interval (demo/replay: speed x2)")     \
    X(ACT_SLOWER, "slower", "-", "Slower: double the refresh interval (demo/replay: speed /2)")    \
    X(ACT_THEME, "theme", "t", "Next colour theme")                                                \
    X(ACT_CLOCK, "clock", "T", "Clock: UTC or local time")                                         \
    X(ACT_RELOAD, "reload", "Ctrl-R", "Re-read the config file and themes")                        \
    X(ACT_DEMO, "demo", "d", "Switch to the demo market (when no source answers)")

#define KEY_ACTION_ENUM(id, name, keys, help) id,
enum key_action { ACT_NONE = -1, KEY_ACTIONS(KEY_ACTION_ENUM) ACT_COUNT };
#undef KEY_ACTION_ENUM

#define KEYS_MAX_PER_ACTION 4

struct key_binding {
    const char *name;         /* config name: "quit" */
    const char *default_keys; /* "q Ctrl-C" */
    const char *help;
};

/* The static table, indexed by enum key_action. */
const struct key_binding *keys_table(void);

/* The bindings in force (defaults, then [keys] overrides). */
struct keymap {
    int codes[ACT_COUNT][KEYS_MAX_PER_ACTION]; /* key codes; 0 = unused slot */
};

void keymap_default(struct keymap *km);
/* Apply a [keys] line: action = "k" / "Ctrl-X" / "F5" / "none", several
 * keys separated by spaces. 0 ok, -1 with err (unknown action or key name,
 * or a key already bound to another action). */
int keymap_set(struct keymap *km, const char *action, const char *keys, char *err, size_t errn);
/* The action bound to a key code, or ACT_NONE. */
enum key_action keymap_lookup(const struct keymap *km, int code);
/* "q, Ctrl-C" for the help screen ("(unbound)" when none). */
void keymap_describe(const struct keymap *km, enum key_action a, char *buf, size_t n);

/* Key names <-> codes. Codes are ncurses key codes (KEY_UP, ...) or the
 * character; control keys are 1..26. -1 if the name is unknown. */
int key_code_from_name(const char *name);
/* "Up", "q", "Ctrl-C", "F1"; writes into buf. */
const char *key_name_from_code(int code, char *buf, size_t n);

/* Config section handler for [keys] (config.h cfg_dynamic_fn; user = struct keymap *). */
int keys_cfg_handler(void *user, const char *sub, const char *key, const char *value, char *err,
                     size_t errn);

#endif

/* liqtop: entry point. Parses the command line; app does the rest. */
#include "liqtop/app.h"
#include "liqtop/options.h"

#include <locale.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    /* the character set comes from the environment (UTF-8 glyphs or ASCII);
     * numbers are always printed and parsed with '.', whatever the locale */
    setlocale(LC_ALL, "");
    setlocale(LC_NUMERIC, "C");

    struct options opt;
    char err[512];
    if (options_parse(argc, argv, &opt, err, sizeof err) != 0) {
        fprintf(stderr, "liqtop: %s\n", err);
        return 2;
    }
    if (opt.help) {
        fputs(options_usage(), stdout);
        return 0;
    }
    if (opt.version) {
        printf("liqtop %s\n", LIQTOP_VERSION);
        return 0;
    }
    return app_run(&opt);
}

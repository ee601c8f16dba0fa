/* liqtop: entry point. Parses the command line; app does the rest. */
#include "liqtop/options.h"

#include <stdio.h>

int main(int argc, char **argv)
{
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
    fprintf(stderr, "liqtop: not wired yet\n");
    return 1;
}

/* The fuzz corpora replayed without libFuzzer (cJSON's fuzz_main.c idea):
 * every file under tests/fuzz/corpus/<target>/ goes through every fuzz
 * target, so `make check` (and `make asan`, under ASan + UBSan) re-runs every
 * input that ever crashed something, and the seeds, on any machine with gcc. */
#include "fuzz/targets.c"

#include "support/testutil.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <cmocka.h>

#define CORPUS "tests/fuzz/corpus"

static size_t run_dir(const char *dir, const struct fuzz_target *t, size_t nt, size_t *files)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    size_t runs = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        size_t len = 0;
        char *data = tu_read_file(path, &len);
        if (!data)
            continue;
        (*files)++;
        for (size_t i = 0; i < nt; i++) {
            t[i].fn((const uint8_t *)data, len);
            runs++;
        }
        free(data);
    }
    closedir(d);
    return runs;
}

/* Every target has a corpus directory with seeds in it. */
static void test_every_target_has_a_corpus(void **state)
{
    (void)state;
    size_t nt;
    const struct fuzz_target *t = fuzz_targets(&nt);
    assert_int_equal(nt, 14);
    for (size_t i = 0; i < nt; i++) {
        char dir[256];
        snprintf(dir, sizeof dir, "%s/%s", CORPUS, t[i].name);
        DIR *d = opendir(dir);
        if (!d)
            fail_msg("no corpus directory %s", dir);
        size_t n = 0;
        struct dirent *de;
        while ((de = readdir(d)) != NULL)
            n += de->d_name[0] != '.';
        closedir(d);
        if (n == 0)
            fail_msg("empty corpus %s", dir);
    }
}

static void test_replay_every_file_through_every_target(void **state)
{
    (void)state;
    size_t nt, files = 0, runs = 0;
    const struct fuzz_target *t = fuzz_targets(&nt);
    for (size_t i = 0; i < nt; i++) {
        char dir[256];
        snprintf(dir, sizeof dir, "%s/%s", CORPUS, t[i].name);
        runs += run_dir(dir, t, nt, &files);
    }
    printf("fuzz corpus: %zu files, %zu runs\n", files, runs);
    assert_true(files >= nt);
    assert_int_equal(runs, files * nt);
}

/* Edge cases the corpora may not hold: empty and one-byte inputs. */
static void test_tiny_inputs(void **state)
{
    (void)state;
    size_t nt;
    const struct fuzz_target *t = fuzz_targets(&nt);
    static const uint8_t one[1] = {0};
    for (size_t i = 0; i < nt; i++) {
        t[i].fn(one, 0);
        t[i].fn(one, 1);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_target_has_a_corpus),
        cmocka_unit_test(test_replay_every_file_through_every_target),
        cmocka_unit_test(test_tiny_inputs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

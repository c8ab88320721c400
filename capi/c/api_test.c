/* Every function of wasm_export.h, with its results, refusals and traps.
 * Usage: api_test <directory holding api_app.wasm, no_memory.wasm, mismatch.wasm, app64.wasm>
 * Prints one line per failed check and "api_test: N checks passed" at the end; exits 1 if
 * any check failed. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasm_export.h"

static int checks, failures;

#define CHECK(cond)                                                                  \
    do {                                                                             \
        checks++;                                                                    \
        if (!(cond)) {                                                               \
            failures++;                                                              \
            const char *why = shheap_last_error();                                   \
            printf("FAILED line %d: %s (last error: %s)\n", __LINE__, #cond,          \
                   why ? why : "none");                                              \
        }                                                                            \
    } while (0)

/* Whether the last refusal's reason contains text. */
static int last_error_has(const char *text) {
    const char *why = shheap_last_error();
    return why != NULL && strstr(why, text) != NULL;
}

static int exception_is(wasm_module_inst_t inst, const char *text) {
    const char *e = wasm_runtime_get_exception(inst);
    return e != NULL && strcmp(e, text) == 0;
}

static uint8_t *read_file(const char *dir, const char *name, uint32_t *size) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f) {
        printf("cannot open %s\n", path);
        exit(2);
    }
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *buf = malloc((size_t)len);
    if (!buf || fread(buf, 1, (size_t)len, f) != (size_t)len) exit(2);
    fclose(f);
    *size = (uint32_t)len;
    return buf;
}

/* ---- natives ---- */

static int32_t host_sum(wasm_exec_env_t env, const uint8_t *buf, int32_t len) {
    (void)env;
    int32_t sum = 0;
    for (int32_t i = 0; i < len; i++) sum += buf[i];
    return sum;
}

static int32_t host_strlen(wasm_exec_env_t env, const char *text) {
    (void)env;
    return (int32_t)strlen(text);
}

static double host_mix(wasm_exec_env_t env, int32_t a, int64_t b, float c, double d) {
    (void)env;
    return (double)a + (double)b + (double)c + d;
}

static void host_raise(wasm_exec_env_t env, int32_t code) {
    if (code) wasm_runtime_set_exception(get_module_inst(env), "raised by the host");
}

static uint64_t native_malloc_app;

/* Converts app <-> native inside a native and allocates from the shared heap there. */
static int32_t host_check(wasm_exec_env_t env, int32_t app, int32_t len) {
    wasm_module_inst_t module_inst = get_module_inst(env);
    uint64_t addr = (uint32_t)app;
    void *native = addr_app_to_native(addr);
    if (native == NULL) return -1;
    if (addr_native_to_app(native) != addr) return -2;
    if (!wasm_runtime_validate_native_addr(module_inst, native, (uint64_t)(uint32_t)len))
        return -3;
    void *block = NULL;
    native_malloc_app = wasm_runtime_shared_heap_malloc(module_inst, 32, &block);
    if (native_malloc_app == 0 || block == NULL) return -4;
    return 1;
}

/* Registered without a signature: takes the module's declared (i32, i64) -> i64. */
static int64_t host_untyped(wasm_exec_env_t env, int32_t a, int64_t b) {
    (void)env;
    return (int64_t)a * b;
}

static NativeSymbol natives[] = {
    EXPORT_WASM_API_WITH_SIG(host_sum, "(*~)i"),
    EXPORT_WASM_API_WITH_SIG(host_strlen, "($)i"),
    EXPORT_WASM_API_WITH_SIG(host_mix, "(iIfF)F"),
    EXPORT_WASM_API_WITH_SIG(host_raise, "(i)"),
    EXPORT_WASM_API_WITH_SIG(host_check, "(ii)i"),
    {"host_untyped", (void *)host_untyped, NULL, NULL},
};

static uint32_t cells_i64(uint32_t *argv, int64_t v, int at) {
    memcpy(&argv[at], &v, 8);
    return 2;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        printf("usage: api_test <wasm directory>\n");
        return 2;
    }
    const char *dir = argv[1];
    char error[256];
    uint32_t size, size64, size_nomem, size_mismatch;
    uint8_t *wasm = read_file(dir, "api_app.wasm", &size);
    uint8_t *wasm64 = read_file(dir, "app64.wasm", &size64);
    uint8_t *wasm_nomem = read_file(dir, "no_memory.wasm", &size_nomem);
    uint8_t *wasm_mismatch = read_file(dir, "mismatch.wasm", &size_mismatch);

    /* ---- before init: everything is refused ---- */
    CHECK(shheap_last_error() == NULL);
    CHECK(wasm_runtime_load(wasm, size, error, sizeof error) == NULL);
    CHECK(last_error_has("not initialized"));
    CHECK(strstr(error, "not initialized") != NULL);
    SharedHeapInitArgs managed_args = {65536, NULL};
    CHECK(wasm_runtime_create_shared_heap(&managed_args) == NULL);
    wasm_runtime_destroy(); /* without a runtime: nothing happens */

    /* ---- init ---- */
    RuntimeInitArgs init;
    memset(&init, 0, sizeof init);
    init.mem_alloc_type = Alloc_With_System_Allocator;
    init.running_mode = Mode_LLVM_JIT;
    CHECK(!wasm_runtime_full_init(&init));
    CHECK(last_error_has("running mode"));
    CHECK(!wasm_runtime_full_init(NULL));
    init.running_mode = Mode_Interp;
    init.native_module_name = "env";
    init.native_symbols = natives;
    init.n_native_symbols = sizeof natives / sizeof natives[0];
    CHECK(wasm_runtime_full_init(&init));
    CHECK(wasm_runtime_init()); /* nested */
    wasm_runtime_destroy();     /* ends the nested one only */

    /* ---- register_natives refusals ---- */
    NativeSymbol bad_sig[] = {{"f", (void *)host_sum, "(~)i", NULL}};
    CHECK(!wasm_runtime_register_natives("env", bad_sig, 1));
    CHECK(last_error_has("'~' must follow '*'"));
    NativeSymbol too_many[] = {{"f", (void *)host_sum, "(iiiiiii)", NULL}};
    CHECK(!wasm_runtime_register_natives("env", too_many, 1));
    CHECK(last_error_has("at most"));
    NativeSymbol null_func[] = {{"f", NULL, "()", NULL}};
    CHECK(!wasm_runtime_register_natives("env", null_func, 1));
    CHECK(!wasm_runtime_register_natives(NULL, natives, 1));
    CHECK(!wasm_runtime_register_natives("env", NULL, 1));

    /* ---- load and instantiate ---- */
    uint8_t garbage[8] = {0, 'a', 's', 'x', 1, 0, 0, 0};
    error[0] = 0;
    CHECK(wasm_runtime_load(garbage, sizeof garbage, error, sizeof error) == NULL);
    CHECK(error[0] != 0);
    CHECK(wasm_runtime_load(NULL, 10, error, sizeof error) == NULL);
    CHECK(wasm_runtime_load(garbage, sizeof garbage, NULL, 0) == NULL); /* NULL error_buf */
    wasm_module_t module = wasm_runtime_load(wasm, size, error, sizeof error);
    CHECK(module != NULL);
    free(wasm); /* the module holds its own copy */
    wasm_module_t mismatch = wasm_runtime_load(wasm_mismatch, size_mismatch, error, sizeof error);
    CHECK(mismatch != NULL);
    CHECK(wasm_runtime_instantiate(mismatch, 8192, 0, error, sizeof error) == NULL);
    CHECK(strstr(error, "host_sum") != NULL);
    wasm_runtime_unload(mismatch);
    CHECK(wasm_runtime_instantiate(mismatch, 8192, 0, error, sizeof error) == NULL);
    CHECK(strstr(error, "not a live module") != NULL);
    wasm_runtime_unload(mismatch); /* twice: refused, no crash */
    CHECK(last_error_has("not a live module"));
    CHECK(wasm_runtime_instantiate(NULL, 8192, 0, error, sizeof error) == NULL);
    CHECK(wasm_runtime_instantiate((wasm_module_t)(uintptr_t)0xdeadbeef, 0, 0, NULL, 0) == NULL);

    wasm_module_inst_t inst = wasm_runtime_instantiate(module, 8192, 0, error, sizeof error);
    CHECK(inst != NULL);
    wasm_exec_env_t env = wasm_runtime_create_exec_env(inst, 8192);
    CHECK(env != NULL);
    CHECK(wasm_runtime_get_module_inst(env) == inst);
    CHECK(wasm_runtime_get_module_inst(NULL) == NULL);
    CHECK(wasm_runtime_get_module_inst((wasm_exec_env_t)inst) == NULL); /* wrong kind */
    CHECK(wasm_runtime_create_exec_env(NULL, 0) == NULL);

    /* ---- lookup and call_wasm ---- */
    wasm_function_inst_t add64 = wasm_runtime_lookup_function(inst, "add64");
    CHECK(add64 != NULL);
    CHECK(wasm_runtime_lookup_function(inst, "add64") == add64);
    CHECK(wasm_runtime_lookup_function(inst, "nope") == NULL);
    CHECK(last_error_has("no function named `nope`"));
    CHECK(wasm_runtime_lookup_function(inst, NULL) == NULL);
    uint32_t cells[4];
    cells_i64(cells, 40000000000LL, 0);
    cells_i64(cells, 2, 2);
    CHECK(wasm_runtime_call_wasm(env, add64, 4, cells));
    int64_t sum64;
    memcpy(&sum64, cells, 8);
    CHECK(sum64 == 40000000002LL);
    CHECK(!wasm_runtime_call_wasm(env, add64, 3, cells));
    CHECK(exception_is(inst, "Exception: invalid argument count 3, must be no smaller than 4"));
    wasm_runtime_clear_exception(inst);
    CHECK(wasm_runtime_get_exception(inst) == NULL);

    wasm_function_inst_t div = wasm_runtime_lookup_function(inst, "div");
    uint32_t div_args[2] = {7, 0};
    CHECK(!wasm_runtime_call_wasm(env, div, 2, div_args));
    CHECK(exception_is(inst, "Exception: integer divide by zero"));
    div_args[0] = (uint32_t)-9;
    div_args[1] = 3;
    CHECK(wasm_runtime_call_wasm(env, div, 2, div_args)); /* a new call clears it */
    CHECK((int32_t)div_args[0] == -3);
    CHECK(wasm_runtime_get_exception(inst) == NULL);

    /* ---- call_wasm_a ---- */
    wasm_function_inst_t fmul = wasm_runtime_lookup_function(inst, "fmul");
    wasm_val_t args[4], results[1];
    args[0].kind = WASM_F32;
    args[0].of.f32 = 1.5f;
    args[1].kind = WASM_F64;
    args[1].of.f64 = 4.0;
    CHECK(wasm_runtime_call_wasm_a(env, fmul, 1, results, 2, args));
    CHECK(results[0].kind == WASM_F64 && results[0].of.f64 == 6.0);
    args[0].kind = WASM_I32;
    CHECK(!wasm_runtime_call_wasm_a(env, fmul, 1, results, 2, args));
    CHECK(exception_is(inst, "Exception: argument 0 has kind 0 but the function takes F32 there"));
    CHECK(!wasm_runtime_call_wasm_a(env, fmul, 0, results, 2, args));
    CHECK(!wasm_runtime_call_wasm_a(NULL, fmul, 1, results, 2, args));
    CHECK(!wasm_runtime_call_wasm_a(env, NULL, 1, results, 2, args));

    /* ---- natives: i I f F, '*~', '$', exceptions, untyped ---- */
    wasm_function_inst_t mix = wasm_runtime_lookup_function(inst, "mix");
    args[0].kind = WASM_I32;
    args[0].of.i32 = -3;
    args[1].kind = WASM_I64;
    args[1].of.i64 = 10000000000LL;
    args[2].kind = WASM_F32;
    args[2].of.f32 = 0.25f;
    args[3].kind = WASM_F64;
    args[3].of.f64 = 0.5;
    CHECK(wasm_runtime_call_wasm_a(env, mix, 1, results, 4, args));
    CHECK(results[0].of.f64 == 10000000000.0 - 3.0 + 0.75);

    wasm_function_inst_t sum = wasm_runtime_lookup_function(inst, "sum");
    uint32_t sum_args[2] = {16, 5}; /* "hello" */
    CHECK(wasm_runtime_call_wasm(env, sum, 2, sum_args));
    CHECK(sum_args[0] == 'h' + 'e' + 'l' + 'l' + 'o');
    sum_args[0] = 65530;
    sum_args[1] = 100; /* runs past linear memory, no chain yet */
    CHECK(!wasm_runtime_call_wasm(env, sum, 2, sum_args));
    CHECK(exception_is(inst, "Exception: out of bounds memory access"));

    wasm_function_inst_t str_len = wasm_runtime_lookup_function(inst, "strlen");
    uint32_t str_args[1] = {16};
    CHECK(wasm_runtime_call_wasm(env, str_len, 1, str_args));
    CHECK(str_args[0] == 5);
    str_args[0] = 70000;
    CHECK(!wasm_runtime_call_wasm(env, str_len, 1, str_args));
    CHECK(exception_is(inst, "Exception: out of bounds memory access"));

    wasm_function_inst_t raise = wasm_runtime_lookup_function(inst, "raise");
    uint32_t raise_args[1] = {0};
    CHECK(wasm_runtime_call_wasm(env, raise, 1, raise_args));
    raise_args[0] = 1;
    CHECK(!wasm_runtime_call_wasm(env, raise, 1, raise_args));
    CHECK(exception_is(inst, "Exception: raised by the host"));
    wasm_runtime_set_exception(inst, "set from outside");
    CHECK(exception_is(inst, "Exception: set from outside"));
    wasm_runtime_set_exception(inst, NULL);
    CHECK(wasm_runtime_get_exception(inst) == NULL);

    wasm_function_inst_t untyped = wasm_runtime_lookup_function(inst, "untyped");
    args[0].kind = WASM_I32;
    args[0].of.i32 = -7;
    args[1].kind = WASM_I64;
    args[1].of.i64 = 6000000000LL;
    CHECK(wasm_runtime_call_wasm_a(env, untyped, 1, results, 2, args));
    CHECK(results[0].kind == WASM_I64 && results[0].of.i64 == -42000000000LL);

    /* ---- addresses in linear memory ---- */
    CHECK(wasm_runtime_validate_app_addr(inst, 16, 6));
    CHECK(wasm_runtime_validate_app_addr(inst, 65535, 1));
    CHECK(!wasm_runtime_validate_app_addr(inst, 65535, 2));
    CHECK(exception_is(inst, "Exception: out of bounds memory access"));
    wasm_runtime_clear_exception(inst);
    CHECK(wasm_runtime_validate_app_str_addr(inst, 16));
    CHECK(!wasm_runtime_validate_app_str_addr(inst, 65536));
    wasm_runtime_clear_exception(inst);
    char *hello = wasm_runtime_addr_app_to_native(inst, 16);
    CHECK(hello != NULL && strcmp(hello, "hello") == 0);
    CHECK(wasm_runtime_addr_native_to_app(inst, hello) == 16);
    CHECK(wasm_runtime_validate_native_addr(inst, hello, 6));
    CHECK(!wasm_runtime_validate_native_addr(inst, hello, 70000));
    int local = 0;
    CHECK(!wasm_runtime_validate_native_addr(inst, &local, 1));
    wasm_runtime_clear_exception(inst);
    CHECK(wasm_runtime_addr_native_to_app(inst, &local) == 0);
    CHECK(wasm_runtime_addr_app_to_native(inst, 0x10000000) == NULL);
    CHECK(wasm_runtime_addr_app_to_native(NULL, 16) == NULL);

    /* ---- shared heaps: create ---- */
    CHECK(wasm_runtime_create_shared_heap(NULL) == NULL);
    SharedHeapInitArgs zero = {0, NULL};
    CHECK(wasm_runtime_create_shared_heap(&zero) == NULL);
    CHECK(last_error_has("size 0"));
    uint8_t *buffer1 = aligned_alloc(4096, 4096);
    uint8_t *buffer2 = aligned_alloc(4096, 4096);
    memset(buffer1, 0xAB, 4096);
    SharedHeapInitArgs odd = {1000, buffer1};
    CHECK(wasm_runtime_create_shared_heap(&odd) == NULL);
    CHECK(last_error_has("multiple of 4096"));
    wasm_shared_heap_t m1 = wasm_runtime_create_shared_heap(&managed_args);
    wasm_shared_heap_t m2 = wasm_runtime_create_shared_heap(&managed_args);
    SharedHeapInitArgs pre1_args = {4096, buffer1}, pre2_args = {4096, buffer2};
    wasm_shared_heap_t p1 = wasm_runtime_create_shared_heap(&pre1_args);
    wasm_shared_heap_t p2 = wasm_runtime_create_shared_heap(&pre2_args);
    CHECK(m1 && m2 && p1 && p2);

    /* ---- chain: WAMR's rules ---- */
    CHECK(wasm_runtime_chain_shared_heaps(m1, m1) == NULL);
    CHECK(wasm_runtime_chain_shared_heaps(NULL, p1) == NULL);
    CHECK(wasm_runtime_chain_shared_heaps(m1, NULL) == NULL);
    CHECK(wasm_runtime_chain_shared_heaps(m1, (wasm_shared_heap_t)inst) == NULL);
    CHECK(wasm_runtime_chain_shared_heaps(m1, p1) == m1); /* m1 -> p1 */
    CHECK(wasm_runtime_chain_shared_heaps(m2, m1) == NULL); /* two managed */
    CHECK(last_error_has("at most one managed heap"));
    CHECK(wasm_runtime_chain_shared_heaps(p2, p1) == NULL); /* p1 is a body already */
    CHECK(last_error_has("body of one chain"));
    CHECK(wasm_runtime_chain_shared_heaps(m1, p2) == NULL); /* m1 heads a chain already */
    CHECK(last_error_has("already heads a chain"));

    /* ---- attach ---- */
    CHECK(!wasm_runtime_attach_shared_heap(inst, p1));
    CHECK(last_error_has("attach the chain's head"));
    CHECK(!wasm_runtime_attach_shared_heap(inst, NULL));
    CHECK(!wasm_runtime_attach_shared_heap(NULL, m1));
    CHECK(wasm_runtime_attach_shared_heap(inst, m1));
    CHECK(!wasm_runtime_attach_shared_heap(inst, m1));
    CHECK(last_error_has("already has a shared heap attached"));
    CHECK(wasm_runtime_chain_shared_heaps(p2, m1) == NULL);
    CHECK(last_error_has("detach them first"));
    CHECK(wasm_runtime_unchain_shared_heaps(m1, false) == NULL);
    CHECK(last_error_has("detach it from every instance first"));
    CHECK(!wasm_runtime_reset_shared_heap_chain(m1));
    CHECK(!wasm_runtime_reset_shared_heap_chain(p1)); /* a member of the attached chain */

    wasm_module_t nomem_module = wasm_runtime_load(wasm_nomem, size_nomem, error, sizeof error);
    wasm_module_inst_t nomem = wasm_runtime_instantiate(nomem_module, 0, 0, error, sizeof error);
    CHECK(nomem != NULL);
    CHECK(!wasm_runtime_attach_shared_heap(nomem, p2));
    CHECK(last_error_has("no linear memory"));

    /* ---- malloc, free, addresses in the chain ---- */
    /* Layout: m1 at [2^32 - 69632, 2^32 - 4096), p1 at [2^32 - 4096, 2^32). */
    const uint64_t m1_start = 0x100000000ULL - 69632, p1_start = 0x100000000ULL - 4096;
    void *native = NULL;
    uint64_t app = wasm_runtime_shared_heap_malloc(inst, 100, &native);
    CHECK(app >= m1_start && app < p1_start);
    CHECK(native != NULL);
    memcpy(native, "heap!", 6);
    wasm_function_inst_t load8 = wasm_runtime_lookup_function(inst, "load8");
    uint32_t load_args[1] = {(uint32_t)app + 4};
    CHECK(wasm_runtime_call_wasm(env, load8, 1, load_args) && load_args[0] == '!');
    CHECK(wasm_runtime_addr_app_to_native(inst, app) == native);
    CHECK(wasm_runtime_addr_native_to_app(inst, native) == app);
    CHECK(wasm_runtime_validate_app_addr(inst, app, 100));
    CHECK(wasm_runtime_validate_app_str_addr(inst, app));
    CHECK(wasm_runtime_validate_native_addr(inst, native, 100));
    CHECK(!wasm_runtime_validate_app_addr(inst, p1_start - 2, 4)); /* straddles m1 and p1 */
    CHECK(!wasm_runtime_validate_app_addr(inst, m1_start - 1, 1)); /* the gap below */
    wasm_runtime_clear_exception(inst);
    /* The pre-allocated member shows the caller's bytes. */
    load_args[0] = (uint32_t)p1_start + 7;
    CHECK(wasm_runtime_call_wasm(env, load8, 1, load_args) && load_args[0] == 0xAB);
    CHECK(wasm_runtime_addr_app_to_native(inst, p1_start + 7) == buffer1 + 7);

    /* Natives with '*~' and '$' on heap addresses. */
    sum_args[0] = (uint32_t)app;
    sum_args[1] = 5;
    CHECK(wasm_runtime_call_wasm(env, sum, 2, sum_args));
    CHECK(sum_args[0] == 'h' + 'e' + 'a' + 'p' + '!');
    str_args[0] = (uint32_t)app;
    CHECK(wasm_runtime_call_wasm(env, str_len, 1, str_args) && str_args[0] == 5);
    sum_args[0] = (uint32_t)(p1_start - 2);
    sum_args[1] = 4;
    CHECK(!wasm_runtime_call_wasm(env, sum, 2, sum_args));
    CHECK(exception_is(inst, "Exception: out of bounds memory access"));

    /* Inside a native: conversions and malloc through the instance of the exec env. */
    wasm_function_inst_t check = wasm_runtime_lookup_function(inst, "check");
    uint32_t check_args[2] = {(uint32_t)app, 100};
    CHECK(wasm_runtime_call_wasm(env, check, 2, check_args));
    CHECK((int32_t)check_args[0] == 1);
    CHECK(native_malloc_app >= m1_start && native_malloc_app < p1_start);
    wasm_runtime_shared_heap_free(inst, native_malloc_app);

    /* The app's own malloc and free. */
    wasm_function_inst_t app_malloc = wasm_runtime_lookup_function(inst, "malloc");
    wasm_function_inst_t app_free = wasm_runtime_lookup_function(inst, "free");
    uint32_t malloc_args[1] = {64};
    CHECK(wasm_runtime_call_wasm(env, app_malloc, 1, malloc_args));
    CHECK(malloc_args[0] >= m1_start && malloc_args[0] < p1_start);
    CHECK(wasm_runtime_call_wasm(env, app_free, 1, malloc_args));

    wasm_runtime_shared_heap_free(inst, app);
    CHECK(shheap_last_error() != NULL);
    wasm_runtime_shared_heap_free(inst, app); /* twice: refused, reason kept */
    CHECK(last_error_has("not the start of a live block"));
    wasm_runtime_shared_heap_free(inst, p1_start);
    CHECK(last_error_has("not inside the chain's managed heap"));
    native = buffer2;
    CHECK(wasm_runtime_shared_heap_malloc(inst, 1u << 30, &native) == 0);
    CHECK(native == NULL);
    CHECK(last_error_has("no free block"));
    CHECK(wasm_runtime_shared_heap_malloc(nomem, 16, NULL) == 0);
    CHECK(last_error_has("no shared heap attached"));

    /* ---- memory64 app: malloc declared (i32) -> i64 links and allocates ---- */
    wasm_module_t module64 = wasm_runtime_load(wasm64, size64, error, sizeof error);
    CHECK(module64 != NULL);
    wasm_module_inst_t inst64 = wasm_runtime_instantiate(module64, 0, 0, error, sizeof error);
    CHECK(inst64 != NULL);
    CHECK(wasm_runtime_attach_shared_heap(inst64, m1)); /* a second instance on the chain */
    wasm_exec_env_t env64 = wasm_runtime_create_exec_env(inst64, 0);
    wasm_function_inst_t malloc64 = wasm_runtime_lookup_function(inst64, "malloc");
    uint32_t malloc64_args[2] = {48, 0};
    CHECK(wasm_runtime_call_wasm(env64, malloc64, 1, malloc64_args));
    uint64_t app64;
    memcpy(&app64, malloc64_args, 8);
    CHECK(app64 >= 0ULL - 69632 && app64 < 0ULL - 4096);

    /* ---- detach, reset, unchain ---- */
    wasm_runtime_detach_shared_heap(inst);
    wasm_runtime_detach_shared_heap(inst); /* nothing attached: no-op */
    CHECK(!wasm_runtime_reset_shared_heap_chain(m1)); /* inst64 still holds it */
    wasm_runtime_detach_shared_heap(inst64);
    CHECK(wasm_runtime_reset_shared_heap_chain(m1));
    CHECK(buffer1[7] == 0); /* the pre-allocated member was zeroed */
    CHECK(!wasm_runtime_reset_shared_heap_chain(NULL));
    CHECK(wasm_runtime_attach_shared_heap(inst, m1));
    load_args[0] = (uint32_t)app + 4;
    CHECK(wasm_runtime_call_wasm(env, load8, 1, load_args) && load_args[0] == 0);
    wasm_runtime_detach_shared_heap(inst);
    CHECK(wasm_runtime_unchain_shared_heaps(m1, false) == p1);
    CHECK(wasm_runtime_unchain_shared_heaps(m1, false) == NULL);
    CHECK(last_error_has("heads no chain"));
    CHECK(wasm_runtime_chain_shared_heaps(p2, p1) == p2);
    CHECK(wasm_runtime_chain_shared_heaps(m2, p2) == m2); /* m2 -> p2 -> p1 */
    CHECK(wasm_runtime_unchain_shared_heaps(m2, true) == p1);
    CHECK(wasm_runtime_chain_shared_heaps(p2, p1) == p2); /* free again */
    CHECK(wasm_runtime_attach_shared_heap(inst, p2)); /* pre-allocated only */
    CHECK(wasm_runtime_shared_heap_malloc(inst, 16, NULL) == 0);
    CHECK(last_error_has("no managed heap"));
    wasm_runtime_detach_shared_heap(inst);

    /* ---- read-only heaps (libshheap's own): p2 at [2^32 - 8192, p1_start), p1 read-only ---- */
    CHECK(!shheap_set_shared_heap_read_only(NULL, true));
    CHECK(!shheap_set_shared_heap_read_only((wasm_shared_heap_t)(uintptr_t)12345, true));
    CHECK(shheap_set_shared_heap_read_only(p1, true));
    CHECK(wasm_runtime_attach_shared_heap(inst, p2));
    CHECK(!shheap_set_shared_heap_read_only(p1, false));
    CHECK(last_error_has("detach it from every instance first"));
    wasm_function_inst_t store8 = wasm_runtime_lookup_function(inst, "store8");
    uint32_t store_args[2] = {(uint32_t)p1_start + 9, 0x77};
    CHECK(!wasm_runtime_call_wasm(env, store8, 2, store_args));
    CHECK(exception_is(inst, "Exception: write to read-only shared heap"));
    wasm_runtime_clear_exception(inst);
    CHECK(buffer1[9] == 0);
    buffer1[9] = 0x42; /* the host may still write it */
    load_args[0] = (uint32_t)p1_start + 9;
    CHECK(wasm_runtime_call_wasm(env, load8, 1, load_args) && load_args[0] == 0x42);
    store_args[0] = (uint32_t)p1_start - 4096 + 1; /* p2 stays writable */
    store_args[1] = 0x55;
    CHECK(wasm_runtime_call_wasm(env, store8, 2, store_args) && buffer2[1] == 0x55);
    wasm_runtime_detach_shared_heap(inst);
    CHECK(shheap_set_shared_heap_read_only(p1, false));
    CHECK(wasm_runtime_attach_shared_heap(inst, p2));
    store_args[0] = (uint32_t)p1_start + 9;
    store_args[1] = 0x77;
    CHECK(wasm_runtime_call_wasm(env, store8, 2, store_args) && buffer1[9] == 0x77);
    wasm_runtime_detach_shared_heap(inst);

    /* ---- bad and stale handles ---- */
    CHECK(!wasm_runtime_attach_shared_heap(inst, (wasm_shared_heap_t)(uintptr_t)12345));
    CHECK(!wasm_runtime_call_wasm(env64, add64, 4, cells)); /* function of another instance */
    CHECK(last_error_has("another module instance"));
    wasm_runtime_destroy_exec_env(env64);
    wasm_runtime_destroy_exec_env(env64);
    CHECK(last_error_has("not a live execution environment"));
    CHECK(!wasm_runtime_call_wasm(env64, malloc64, 1, malloc64_args));
    wasm_runtime_deinstantiate(inst64);
    wasm_runtime_deinstantiate(inst64);
    CHECK(last_error_has("not a live module instance"));
    CHECK(wasm_runtime_lookup_function(inst64, "malloc") == NULL);
    CHECK(wasm_runtime_get_exception(inst64) == NULL);
    wasm_runtime_clear_exception(inst64);
    wasm_runtime_detach_shared_heap(inst64);
    CHECK(!wasm_runtime_validate_app_addr(inst64, 0, 1));
    CHECK(wasm_runtime_shared_heap_malloc(inst64, 16, NULL) == 0);
    wasm_runtime_deinstantiate(nomem);
    wasm_runtime_unload(nomem_module);
    wasm_runtime_unload(module64);

    /* ---- destroy: everything goes, later calls are refused ---- */
    wasm_runtime_destroy_exec_env(env);
    wasm_runtime_deinstantiate(inst);
    wasm_runtime_unload(module);
    wasm_runtime_destroy();
    CHECK(wasm_runtime_get_module_inst(env) == NULL);
    CHECK(last_error_has("not initialized"));
    CHECK(wasm_runtime_chain_shared_heaps(m1, p1) == NULL);
    wasm_runtime_destroy();

    free(buffer1);
    free(buffer2);
    free(wasm64);
    free(wasm_nomem);
    free(wasm_mismatch);
    printf("api_test: %d checks passed, %d failed\n", checks - failures, failures);
    return failures == 0 ? 0 : 1;
}

/* The "done when" program of issue 16, using only wasm_export.h: on two threads it creates
 * instances, attaches one chain (a managed heap and a pre-allocated buffer), allocates from
 * the host and from wasm, converts addresses both ways, calls a native whose '*~' argument
 * is a heap address, and frees; then the main thread resets and unchains the chain.
 * Run under valgrind memcheck by capi/tests/c_programs.rs when valgrind is installed.
 * Usage: threads <directory holding threads_app.wasm>. Prints "threads: ok" on success. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasm_export.h"

#define ROUNDS 40
#define BLOCK 256
#define TAIL_START 0xFFFFF000u

static uint8_t *app_bytes;
static uint32_t app_size;
static wasm_module_t module;
static wasm_shared_heap_t chain;

#define REQUIRE(cond, what)                                                              \
    do {                                                                                 \
        if (!(cond)) {                                                                   \
            const char *why = shheap_last_error();                                       \
            printf("thread check failed: %s (%s)\n", what, why ? why : "no reason");     \
            exit(1);                                                                     \
        }                                                                                \
    } while (0)

/* env.checksum, "(*~)i": the runtime checked [p, p + len) and passes a native pointer. It
 * also converts the pointer back and checks it from inside the native. */
static int32_t checksum(wasm_exec_env_t exec_env, const uint8_t *p, int32_t len) {
    wasm_module_inst_t module_inst = get_module_inst(exec_env);
    uint64_t app = addr_native_to_app((void *)p);
    if (app == 0 || addr_app_to_native(app) != p || !validate_app_addr(app, (uint64_t)len))
        return -1;
    int32_t sum = 0;
    for (int32_t i = 0; i < len; i++) sum = sum * 31 + p[i];
    return sum;
}

static NativeSymbol natives[] = {EXPORT_WASM_API_WITH_SIG(checksum, "(*~)i")};

static int32_t expected_sum(const uint8_t *p, int32_t len) {
    int32_t sum = 0;
    for (int32_t i = 0; i < len; i++) sum = sum * 31 + p[i];
    return sum;
}

static uint32_t call(wasm_exec_env_t env, wasm_function_inst_t f, uint32_t argc, uint32_t a,
                     uint32_t b, uint32_t c) {
    uint32_t argv[3] = {a, b, c};
    if (!wasm_runtime_call_wasm(env, f, argc, argv)) {
        printf("call trapped: %s\n", wasm_runtime_get_exception(get_module_inst(env)));
        exit(1);
    }
    return argv[0];
}

static void *worker(void *arg) {
    uint32_t id = (uint32_t)(uintptr_t)arg;
    char error[256];
    wasm_module_inst_t inst = wasm_runtime_instantiate(module, 8192, 0, error, sizeof error);
    REQUIRE(inst != NULL, error);
    REQUIRE(wasm_runtime_attach_shared_heap(inst, chain), "attach");
    wasm_exec_env_t env = wasm_runtime_create_exec_env(inst, 8192);
    wasm_function_inst_t fill = wasm_runtime_lookup_function(inst, "fill_and_sum");
    wasm_function_inst_t app_malloc = wasm_runtime_lookup_function(inst, "malloc");
    wasm_function_inst_t app_free = wasm_runtime_lookup_function(inst, "free");
    wasm_function_inst_t load8 = wasm_runtime_lookup_function(inst, "load8");
    REQUIRE(env && fill && app_malloc && app_free && load8, "exec env and exports");

    for (uint32_t round = 0; round < ROUNDS; round++) {
        uint32_t seed = id * 1000 + round;
        /* Host malloc: the app fills the block, the native checks it through '*~'. */
        void *native = NULL;
        uint64_t app = wasm_runtime_shared_heap_malloc(inst, BLOCK, &native);
        REQUIRE(app != 0 && native != NULL, "host malloc");
        REQUIRE(wasm_runtime_addr_app_to_native(inst, app) == native, "app to native");
        REQUIRE(wasm_runtime_addr_native_to_app(inst, native) == app, "native to app");
        REQUIRE(wasm_runtime_validate_native_addr(inst, native, BLOCK), "validate native");
        int32_t sum = (int32_t)call(env, fill, 3, (uint32_t)app, BLOCK, seed);
        REQUIRE(sum == expected_sum(native, BLOCK), "native checksum of a host block");
        wasm_runtime_shared_heap_free(inst, app);

        /* Wasm malloc: the host reads what the app wrote. */
        uint32_t block = call(env, app_malloc, 1, BLOCK, 0, 0);
        REQUIRE(block != 0, "wasm malloc");
        uint8_t *bytes = wasm_runtime_addr_app_to_native(inst, block);
        REQUIRE(bytes != NULL, "wasm block to native");
        sum = (int32_t)call(env, fill, 3, block, BLOCK, seed + 7);
        REQUIRE(sum == expected_sum(bytes, BLOCK), "native checksum of a wasm block");
        call(env, app_free, 1, block, 0, 0);

        /* The pre-allocated tail: each thread owns one half. */
        uint32_t slot = TAIL_START + id * 2048 + (round % 8) * 256;
        uint8_t *tail = wasm_runtime_addr_app_to_native(inst, slot);
        REQUIRE(tail != NULL, "tail to native");
        tail[3] = (uint8_t)seed;
        REQUIRE(call(env, load8, 1, slot + 3, 0, 0) == (uint8_t)seed, "wasm reads the tail");
        sum = (int32_t)call(env, fill, 3, slot, 64, seed);
        REQUIRE(sum == expected_sum(tail, 64), "native checksum in the tail");
    }
    /* A bad pointer traps the call: it straddles the managed heap and the tail. */
    uint32_t argv[3] = {TAIL_START - 8, 16, 0};
    REQUIRE(!wasm_runtime_call_wasm(env, fill, 3, argv), "straddling call refused");
    const char *exception = wasm_runtime_get_exception(inst);
    REQUIRE(exception && strcmp(exception, "Exception: out of bounds memory access") == 0,
            "the trap's message");
    wasm_runtime_destroy_exec_env(env);
    wasm_runtime_detach_shared_heap(inst);
    wasm_runtime_deinstantiate(inst);
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 2) return 2;
    char path[4096];
    snprintf(path, sizeof path, "%s/threads_app.wasm", argv[1]);
    FILE *f = fopen(path, "rb");
    REQUIRE(f != NULL, path);
    fseek(f, 0, SEEK_END);
    app_size = (uint32_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    app_bytes = malloc(app_size);
    REQUIRE(app_bytes && fread(app_bytes, 1, app_size, f) == app_size, "read the app");
    fclose(f);

    RuntimeInitArgs init;
    memset(&init, 0, sizeof init);
    init.mem_alloc_type = Alloc_With_System_Allocator;
    init.native_module_name = "env";
    init.native_symbols = natives;
    init.n_native_symbols = 1;
    REQUIRE(wasm_runtime_full_init(&init), "init");
    char error[256];
    module = wasm_runtime_load(app_bytes, app_size, error, sizeof error);
    REQUIRE(module != NULL, error);

    SharedHeapInitArgs managed_args = {64 * 1024, NULL};
    wasm_shared_heap_t managed = wasm_runtime_create_shared_heap(&managed_args);
    uint8_t *buffer = aligned_alloc(4096, 4096);
    REQUIRE(buffer != NULL, "aligned_alloc");
    memset(buffer, 0x11, 4096);
    SharedHeapInitArgs tail_args = {4096, buffer};
    wasm_shared_heap_t tail = wasm_runtime_create_shared_heap(&tail_args);
    REQUIRE(managed && tail, "create heaps");
    chain = wasm_runtime_chain_shared_heaps(managed, tail);
    REQUIRE(chain == managed, "chain");

    pthread_t threads[2];
    for (uintptr_t i = 0; i < 2; i++)
        REQUIRE(pthread_create(&threads[i], NULL, worker, (void *)i) == 0, "pthread_create");
    for (int i = 0; i < 2; i++) pthread_join(threads[i], NULL);

    /* Both detached: the chain may change again. Reset zeroes the caller's buffer too. */
    REQUIRE(wasm_runtime_reset_shared_heap_chain(chain), "reset");
    for (int i = 0; i < 4096; i++) REQUIRE(buffer[i] == 0, "reset zeroed the tail");
    REQUIRE(wasm_runtime_unchain_shared_heaps(chain, true) == tail, "unchain");
    REQUIRE(wasm_runtime_chain_shared_heaps(tail, managed) == tail, "chain again, reversed");
    REQUIRE(wasm_runtime_unchain_shared_heaps(tail, false) == managed, "unchain again");

    wasm_runtime_unload(module);
    wasm_runtime_destroy();
    free(buffer);
    free(app_bytes);
    printf("threads: ok\n");
    return 0;
}

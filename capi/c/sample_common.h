/* What the two C samples share: reading a wasm file, naming instances for print_str, and
 * calling an export with i32 arguments. */
#ifndef CAPI_SAMPLE_COMMON_H
#define CAPI_SAMPLE_COMMON_H

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasm_export.h"

/* Exits with a message when cond is false. */
#define REQUIRE(cond, what)                                                              \
    do {                                                                                 \
        if (!(cond)) {                                                                   \
            const char *why = shheap_last_error();                                       \
            fprintf(stderr, "%s failed: %s\n", what, why ? why : "no reason recorded");  \
            exit(1);                                                                     \
        }                                                                                \
    } while (0)

static uint8_t *sample_read_file(const char *dir, const char *name, uint32_t *size) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    REQUIRE(f != NULL, path);
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *buf = malloc((size_t)len);
    REQUIRE(buf != NULL && fread(buf, 1, (size_t)len, f) == (size_t)len, path);
    fclose(f);
    *size = (uint32_t)len;
    return buf;
}

/* Instances and the names print_str prints for them. */
static struct {
    wasm_module_inst_t inst;
    const char *name;
} sample_names[8];
static int sample_name_count;
static pthread_mutex_t sample_names_lock = PTHREAD_MUTEX_INITIALIZER;

static void sample_name(wasm_module_inst_t inst, const char *name) {
    pthread_mutex_lock(&sample_names_lock);
    if (sample_name_count < 8) {
        sample_names[sample_name_count].inst = inst;
        sample_names[sample_name_count].name = name;
        sample_name_count++;
    }
    pthread_mutex_unlock(&sample_names_lock);
}

/* env.print_str, signature "($)": the runtime checked the string and converted its app
 * address (in linear memory or in the shared heap) to a native pointer. */
static void print_str(wasm_exec_env_t exec_env, const char *text) {
    wasm_module_inst_t inst = wasm_runtime_get_module_inst(exec_env);
    const char *who = "an unknown app";
    pthread_mutex_lock(&sample_names_lock);
    for (int i = 0; i < sample_name_count; i++)
        if (sample_names[i].inst == inst) who = sample_names[i].name;
    pthread_mutex_unlock(&sample_names_lock);
    printf("%s prints: %s\n", who, text);
}

static NativeSymbol sample_natives[] = {
    EXPORT_WASM_API_WITH_SIG(print_str, "($)"),
};

/* Instantiates the app in file name of dir and names it. */
static wasm_module_inst_t sample_instantiate(const char *dir, const char *file, const char *name,
                                             wasm_module_t *module) {
    char error[256];
    uint32_t size;
    uint8_t *bytes = sample_read_file(dir, file, &size);
    *module = wasm_runtime_load(bytes, size, error, sizeof error);
    free(bytes);
    REQUIRE(*module != NULL, error);
    wasm_module_inst_t inst = wasm_runtime_instantiate(*module, 8192, 0, error, sizeof error);
    REQUIRE(inst != NULL, error);
    sample_name(inst, name);
    return inst;
}

/* Calls export name with up to 3 i32 arguments; returns the i32 result (0 without one). */
static uint32_t sample_call(wasm_exec_env_t env, const char *name, uint32_t argc, uint32_t a,
                            uint32_t b, uint32_t c) {
    wasm_module_inst_t inst = wasm_runtime_get_module_inst(env);
    wasm_function_inst_t f = wasm_runtime_lookup_function(inst, name);
    REQUIRE(f != NULL, name);
    uint32_t argv[3] = {a, b, c};
    if (!wasm_runtime_call_wasm(env, f, argc, argv)) {
        fprintf(stderr, "%s trapped: %s\n", name, wasm_runtime_get_exception(inst));
        exit(1);
    }
    return argv[0];
}

/* Initializes the runtime with env.print_str registered. */
static void sample_init(void) {
    RuntimeInitArgs init = {0};
    init.mem_alloc_type = Alloc_With_System_Allocator;
    init.native_module_name = "env";
    init.native_symbols = sample_natives;
    init.n_native_symbols = 1;
    REQUIRE(wasm_runtime_full_init(&init), "wasm_runtime_full_init");
}

/* Instantiates app file of dir as name, attaches heap to it and returns an exec env. */
static wasm_exec_env_t sample_start(const char *dir, const char *file, const char *name,
                                    wasm_shared_heap_t heap, wasm_module_t *module) {
    wasm_module_inst_t inst = sample_instantiate(dir, file, name, module);
    REQUIRE(wasm_runtime_attach_shared_heap(inst, heap), "attach_shared_heap");
    wasm_exec_env_t env = wasm_runtime_create_exec_env(inst, 8192);
    REQUIRE(env != NULL, "create_exec_env");
    return env;
}

/* Undoes sample_start: the exec env, the attachment, the instance and its module. */
static void sample_stop(wasm_exec_env_t env, wasm_module_t module) {
    wasm_module_inst_t inst = wasm_runtime_get_module_inst(env);
    wasm_runtime_destroy_exec_env(env);
    wasm_runtime_detach_shared_heap(inst);
    wasm_runtime_deinstantiate(inst);
    wasm_runtime_unload(module);
}

#endif

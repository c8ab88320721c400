/*
 * wasm_export.h for libshheap: WAMR's embedding API (names, types and signatures as in
 * WAMR's public header) over the shheap interpreter, plus shheap_last_error() and
 * shheap_set_shared_heap_read_only().
 *
 * Link with libshheap.a (and -lpthread -ldl -lm) or libshheap.so.
 * Every function here is implemented; docs/from-wamr.md lists where behaviour differs from
 * WAMR. Refusals return NULL, 0 or false as in WAMR; shheap_last_error() says why.
 */
#ifndef _WASM_EXPORT_H
#define _WASM_EXPORT_H

#include <stdbool.h>
#include <stdint.h>

#ifndef WASM_RUNTIME_API_EXTERN
#define WASM_RUNTIME_API_EXTERN
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Convenience macros of WAMR's header, for natives that name their instance module_inst. */
#define get_module_inst(exec_env) wasm_runtime_get_module_inst(exec_env)
#define validate_app_addr(offset, size) \
    wasm_runtime_validate_app_addr(module_inst, offset, size)
#define validate_app_str_addr(offset) \
    wasm_runtime_validate_app_str_addr(module_inst, offset)
#define addr_app_to_native(offset) wasm_runtime_addr_app_to_native(module_inst, offset)
#define addr_native_to_app(ptr) wasm_runtime_addr_native_to_app(module_inst, ptr)

/* Opaque handles. They are checked on every use: NULL, stale or foreign handles are
 * refused, never dereferenced. */
struct WASMModuleCommon;
typedef struct WASMModuleCommon *wasm_module_t;
struct WASMModuleInstanceCommon;
typedef struct WASMModuleInstanceCommon *wasm_module_inst_t;
typedef void WASMFunctionInstanceCommon;
typedef WASMFunctionInstanceCommon *wasm_function_inst_t;
struct WASMExecEnv;
typedef struct WASMExecEnv *wasm_exec_env_t;
struct WASMSharedHeap;
typedef struct WASMSharedHeap *wasm_shared_heap_t;

/* A native function for wasm_runtime_register_natives (WAMR's lib_export.h). */
typedef struct NativeSymbol {
    const char *symbol;
    void *func_ptr;
    const char *signature;
    void *attachment;
} NativeSymbol;

#define EXPORT_WASM_API_WITH_SIG(symbol, signature) \
    { #symbol, (void *)symbol, signature, NULL }

/* Memory allocator settings: accepted and ignored (the system allocator is used). */
typedef enum {
    Alloc_With_Pool = 0,
    Alloc_With_Allocator,
    Alloc_With_System_Allocator,
} mem_alloc_type_t;

typedef union MemAllocOption {
    struct {
        void *heap_buf;
        uint32_t heap_size;
    } pool;
    struct {
        void *malloc_func;
        void *realloc_func;
        void *free_func;
        void *user_data;
    } allocator;
} MemAllocOption;

/* Only the interpreter exists; Mode_Interp (or 0) is accepted, other modes are refused. */
typedef enum RunningMode {
    Mode_Interp = 1,
    Mode_Fast_JIT,
    Mode_LLVM_JIT,
    Mode_Multi_Tier_JIT,
} RunningMode;

/* wasm_runtime_full_init's arguments. Read: native_module_name, native_symbols,
 * n_native_symbols, running_mode. The rest is accepted and ignored. */
typedef struct RuntimeInitArgs {
    mem_alloc_type_t mem_alloc_type;
    MemAllocOption mem_alloc_option;
    const char *native_module_name;
    NativeSymbol *native_symbols;
    uint32_t n_native_symbols;
    uint32_t max_thread_num;
    char ip_addr[128];
    int unused;
    int instance_port;
    uint32_t fast_jit_code_cache_size;
    uint32_t gc_heap_size;
    RunningMode running_mode;
    uint32_t llvm_jit_opt_level;
    uint32_t llvm_jit_size_level;
    uint32_t segue_flags;
    bool enable_linux_perf;
} RuntimeInitArgs;

typedef uint8_t wasm_valkind_t;
enum wasm_valkind_enum {
    WASM_I32,
    WASM_I64,
    WASM_F32,
    WASM_F64,
    WASM_V128,
    WASM_EXTERNREF = 128,
    WASM_FUNCREF,
};

struct wasm_ref_t;
typedef struct wasm_val_t {
    wasm_valkind_t kind;
    uint8_t _paddings[7];
    union {
        int32_t i32;
        int64_t i64;
        float f32;
        double f64;
        uintptr_t foreign;
        struct wasm_ref_t *ref;
    } of;
} wasm_val_t;

/* A shared heap: managed (allocated by the runtime, size rounded up to 4096) when
 * pre_allocated_addr is NULL, else pre-allocated over the caller's buffer of size bytes,
 * a multiple of 4096, which must stay valid until wasm_runtime_destroy. */
typedef struct SharedHeapInitArgs {
    uint32_t size;
    void *pre_allocated_addr;
} SharedHeapInitArgs;

/* ---- runtime ---------------------------------------------------------------------- */

/* Initializes the runtime; calls nest, each matched by wasm_runtime_destroy. */
WASM_RUNTIME_API_EXTERN bool
wasm_runtime_init(void);

/* wasm_runtime_init plus registering init_args' natives. */
WASM_RUNTIME_API_EXTERN bool
wasm_runtime_full_init(RuntimeInitArgs *init_args);

/* The last matching call destroys every module, instance, exec env and shared heap. */
WASM_RUNTIME_API_EXTERN void
wasm_runtime_destroy(void);

/* ---- modules and instances -------------------------------------------------------- */

/* The buffer is copied and may be freed after the call. */
WASM_RUNTIME_API_EXTERN wasm_module_t
wasm_runtime_load(uint8_t *buf, uint32_t size, char *error_buf, uint32_t error_buf_size);

WASM_RUNTIME_API_EXTERN void
wasm_runtime_unload(wasm_module_t module);

/* default_stack_size and host_managed_heap_size are ignored. */
WASM_RUNTIME_API_EXTERN wasm_module_inst_t
wasm_runtime_instantiate(const wasm_module_t module, uint32_t default_stack_size,
                         uint32_t host_managed_heap_size, char *error_buf,
                         uint32_t error_buf_size);

WASM_RUNTIME_API_EXTERN void
wasm_runtime_deinstantiate(wasm_module_inst_t module_inst);

WASM_RUNTIME_API_EXTERN wasm_function_inst_t
wasm_runtime_lookup_function(const wasm_module_inst_t module_inst, const char *name);

/* stack_size is ignored: wasm frames live on the heap. */
WASM_RUNTIME_API_EXTERN wasm_exec_env_t
wasm_runtime_create_exec_env(wasm_module_inst_t module_inst, uint32_t stack_size);

WASM_RUNTIME_API_EXTERN void
wasm_runtime_destroy_exec_env(wasm_exec_env_t exec_env);

WASM_RUNTIME_API_EXTERN wasm_module_inst_t
wasm_runtime_get_module_inst(wasm_exec_env_t exec_env);

/* ---- calls and exceptions --------------------------------------------------------- */

/* argv: i32/f32 take one cell, i64/f64 two; results are written back to argv. */
WASM_RUNTIME_API_EXTERN bool
wasm_runtime_call_wasm(wasm_exec_env_t exec_env, wasm_function_inst_t function,
                       uint32_t argc, uint32_t argv[]);

WASM_RUNTIME_API_EXTERN bool
wasm_runtime_call_wasm_a(wasm_exec_env_t exec_env, wasm_function_inst_t function,
                         uint32_t num_results, wasm_val_t results[], uint32_t num_args,
                         wasm_val_t *args);

/* "Exception: <reason>", or NULL when there is none. */
WASM_RUNTIME_API_EXTERN const char *
wasm_runtime_get_exception(wasm_module_inst_t module_inst);

/* From a native: the wasm call traps with this message when the native returns. */
WASM_RUNTIME_API_EXTERN void
wasm_runtime_set_exception(wasm_module_inst_t module_inst, const char *exception);

WASM_RUNTIME_API_EXTERN void
wasm_runtime_clear_exception(wasm_module_inst_t module_inst);

/* ---- natives ---------------------------------------------------------------------- */

/* Signature letters: i I f F, '*' app address checked and converted to a native pointer
 * (length from a following '~', else 1), '~' that length, '$' NUL-terminated string
 * checked and converted. A bad address traps "out of bounds memory access". The array is
 * copied. At most 6 integer/pointer arguments (exec_env included; 8 on AArch64) and 8
 * floating-point ones. */
WASM_RUNTIME_API_EXTERN bool
wasm_runtime_register_natives(const char *module_name, NativeSymbol *native_symbols,
                              uint32_t n_native_symbols);

/* ---- addresses (linear memory and the attached shared-heap chain) ------------------ */

WASM_RUNTIME_API_EXTERN bool
wasm_runtime_validate_app_addr(wasm_module_inst_t module_inst, uint64_t app_offset,
                               uint64_t size);

WASM_RUNTIME_API_EXTERN bool
wasm_runtime_validate_app_str_addr(wasm_module_inst_t module_inst, uint64_t app_str_offset);

WASM_RUNTIME_API_EXTERN bool
wasm_runtime_validate_native_addr(wasm_module_inst_t module_inst, void *native_ptr,
                                  uint64_t size);

WASM_RUNTIME_API_EXTERN void *
wasm_runtime_addr_app_to_native(wasm_module_inst_t module_inst, uint64_t app_offset);

WASM_RUNTIME_API_EXTERN uint64_t
wasm_runtime_addr_native_to_app(wasm_module_inst_t module_inst, void *native_ptr);

/* ---- shared heaps ----------------------------------------------------------------- */

WASM_RUNTIME_API_EXTERN wasm_shared_heap_t
wasm_runtime_create_shared_heap(SharedHeapInitArgs *init_args);

/* head takes the addresses just below body; returns head, NULL when refused. */
WASM_RUNTIME_API_EXTERN wasm_shared_heap_t
wasm_runtime_chain_shared_heaps(wasm_shared_heap_t head, wasm_shared_heap_t body);

/* Returns the new head (entire_chain false) or the last heap (true); NULL when refused. */
WASM_RUNTIME_API_EXTERN wasm_shared_heap_t
wasm_runtime_unchain_shared_heaps(wasm_shared_heap_t head, bool entire_chain);

/* Zeroes every heap of the chain and frees every managed block; false when attached. */
WASM_RUNTIME_API_EXTERN bool
wasm_runtime_reset_shared_heap_chain(wasm_shared_heap_t shared_heap);

WASM_RUNTIME_API_EXTERN bool
wasm_runtime_attach_shared_heap(wasm_module_inst_t module_inst, wasm_shared_heap_t shared_heap);

WASM_RUNTIME_API_EXTERN void
wasm_runtime_detach_shared_heap(wasm_module_inst_t module_inst);

WASM_RUNTIME_API_EXTERN uint64_t
wasm_runtime_shared_heap_malloc(wasm_module_inst_t module_inst, uint64_t size,
                                void **p_native_addr);

WASM_RUNTIME_API_EXTERN void
wasm_runtime_shared_heap_free(wasm_module_inst_t module_inst, uint64_t ptr);

/* ---- libshheap's own -------------------------------------------------------------- */

/* Why the last refused call on this thread was refused (NULL if none was); valid until the
 * next refused call on this thread. */
WASM_RUNTIME_API_EXTERN const char *
shheap_last_error(void);

/* Makes a heap read-only for wasm code (read_only true) or writable again: every wasm
 * store, atomic write and memory.fill/copy/init into it traps with "write to read-only
 * shared heap"; loads, shared_heap_malloc/free and host writes through native pointers
 * work. The mark stays with the heap in any chain. False when refused: NULL, not a heap,
 * or the heap (or its chain) is attached to an instance. */
WASM_RUNTIME_API_EXTERN bool
shheap_set_shared_heap_read_only(wasm_shared_heap_t shared_heap, bool read_only);

#ifdef __cplusplus
}
#endif

#endif /* _WASM_EXPORT_H */

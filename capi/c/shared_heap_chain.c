/* The shared_heap_chain sample (samples/src/shared_heap_chain.rs) in C against
 * wasm_export.h: a managed 64 KiB heap chained with a pre-allocated 4 KiB buffer. One
 * instance produces blocks in the managed member and notes at fixed addresses in the
 * pre-allocated one; another consumes them by app address.
 * Usage: shared_heap_chain <directory holding producer.wasm and consumer.wasm> */
#define _POSIX_C_SOURCE 200809L
#include "sample_common.h"

/* The pre-allocated tail: 4 KiB at the very top of the 32-bit space. */
#define TAIL_START 0xFFFFF000u
#define NOTE_STRIDE 512u
#define NOTES 4u

int main(int argc, char **argv) {
    REQUIRE(argc == 2, "usage: shared_heap_chain <apps directory>");
    sample_init();

    SharedHeapInitArgs managed_args = {64 * 1024, NULL};
    wasm_shared_heap_t managed = wasm_runtime_create_shared_heap(&managed_args);
    uint8_t *buffer = aligned_alloc(4096, 4096);
    REQUIRE(buffer != NULL, "aligned_alloc");
    memset(buffer, 0, 4096);
    SharedHeapInitArgs tail_args = {4096, buffer};
    wasm_shared_heap_t tail = wasm_runtime_create_shared_heap(&tail_args);
    REQUIRE(managed != NULL && tail != NULL, "create_shared_heap");
    wasm_shared_heap_t chain = wasm_runtime_chain_shared_heaps(managed, tail);
    REQUIRE(chain == managed, "chain_shared_heaps");

    wasm_module_t producer_module, consumer_module;
    wasm_exec_env_t producer_env =
        sample_start(argv[1], "producer.wasm", "app 1", chain, &producer_module);
    wasm_exec_env_t consumer_env =
        sample_start(argv[1], "consumer.wasm", "app 2", chain, &consumer_module);
    wasm_module_inst_t producer = wasm_runtime_get_module_inst(producer_env);

    /* Blocks from the managed head, handed over by app address and freed by the consumer. */
    for (uint32_t i = 1; i <= 3; i++) {
        uint32_t addr = sample_call(producer_env, "produce", 1, i, 0, 0);
        REQUIRE(addr != 0, "produce");
        printf("app 1 produced block %u at 0x%08x (managed member)\n", i, addr);
        sample_call(consumer_env, "consume", 1, addr, 0, 0);
    }
    /* Notes written by address into the pre-allocated tail; nothing is allocated there. */
    for (uint32_t k = 0; k < NOTES; k++) {
        uint32_t addr = TAIL_START + NOTE_STRIDE * k;
        sample_call(producer_env, "write_note", 2, addr, k, 0);
        printf("app 1 wrote note %u at 0x%08x (pre-allocated member)\n", k, addr);
        sample_call(consumer_env, "show", 1, addr, 0, 0);
    }
    /* The host writes into the tail by app address; app 2 reads it at the same address, and
     * the host finds it in its own buffer. */
    uint32_t host_note = TAIL_START + NOTE_STRIDE * NOTES;
    char *native = wasm_runtime_addr_app_to_native(producer, host_note);
    REQUIRE(native == (char *)buffer + NOTE_STRIDE * NOTES, "addr_app_to_native");
    REQUIRE(wasm_runtime_validate_native_addr(producer, native, 32), "validate_native_addr");
    strcpy(native, "a note from the host");
    printf("host wrote a note at 0x%08x\n", host_note);
    sample_call(consumer_env, "show", 1, host_note, 0, 0);
    printf("the host read back: %s\n", (char *)buffer + NOTE_STRIDE * NOTES);

    sample_stop(producer_env, producer_module);
    sample_stop(consumer_env, consumer_module);
    REQUIRE(wasm_runtime_unchain_shared_heaps(chain, true) == tail, "unchain_shared_heaps");
    wasm_runtime_destroy();
    free(buffer);
    return 0;
}

/* The shared_heap sample (samples/src/shared_heap.rs) in C against wasm_export.h: two
 * instances of two apps, on two threads, share one managed heap. The producer fills
 * buffers (half from the host's wasm_runtime_shared_heap_malloc, half from the app's own
 * shared_heap_malloc) and passes their app addresses to the consumer, whose app prints each
 * message and frees it from wasm.
 * Usage: shared_heap <directory holding producer.wasm and consumer.wasm> */
#define _POSIX_C_SOURCE 200809L
#include "sample_common.h"

#define HEAP_SIZE (256 * 1024)
#define MESSAGES 10

static const char *apps_dir;
static wasm_shared_heap_t heap;

/* A queue of app addresses from thread 1 to thread 2; 0 ends it. */
static uint32_t queue[MESSAGES + 1];
static int queued, taken;
static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t queue_ready = PTHREAD_COND_INITIALIZER;
/* Every address sent, to check at the end that each block was freed. */
static uint32_t sent[MESSAGES];

static void send_addr(uint32_t addr) {
    pthread_mutex_lock(&queue_lock);
    queue[queued++] = addr;
    pthread_cond_signal(&queue_ready);
    pthread_mutex_unlock(&queue_lock);
}

static uint32_t receive_addr(void) {
    pthread_mutex_lock(&queue_lock);
    while (taken == queued) pthread_cond_wait(&queue_ready, &queue_lock);
    uint32_t addr = queue[taken++];
    pthread_mutex_unlock(&queue_lock);
    return addr;
}

static void *produce(void *arg) {
    (void)arg;
    wasm_module_t module;
    wasm_exec_env_t env = sample_start(apps_dir, "producer.wasm", "app 1", heap, &module);
    wasm_module_inst_t inst = wasm_runtime_get_module_inst(env);
    for (uint32_t i = 1; i <= 5; i++) {
        uint32_t size = 1024 * i;
        void *native = NULL;
        uint64_t addr = wasm_runtime_shared_heap_malloc(inst, size, &native);
        REQUIRE(addr != 0 && native != NULL, "host shared_heap_malloc");
        sample_call(env, "write_message", 3, (uint32_t)addr, i, size);
        printf("thread 1: host malloc gave %u bytes at app address 0x%08x; app 1 wrote message %u\n",
               size, (uint32_t)addr, i);
        sent[i - 1] = (uint32_t)addr;
        send_addr((uint32_t)addr);
    }
    for (uint32_t i = 6; i <= MESSAGES; i++) {
        uint32_t addr = sample_call(env, "produce", 1, i, 0, 0);
        REQUIRE(addr != 0, "the app's shared_heap_malloc");
        printf("thread 1: app 1 malloc gave %u bytes at app address 0x%08x and wrote message %u\n",
               1024 * i, addr, i);
        sent[i - 1] = addr;
        send_addr(addr);
    }
    send_addr(0);
    sample_stop(env, module);
    return NULL;
}

static void *consume(void *arg) {
    (void)arg;
    wasm_module_t module;
    wasm_exec_env_t env = sample_start(apps_dir, "consumer.wasm", "app 2", heap, &module);
    int received = 0;
    for (uint32_t addr; (addr = receive_addr()) != 0; received++)
        sample_call(env, "consume", 1, addr, 0, 0);
    printf("thread 2: received, printed and freed %d messages\n", received);
    sample_stop(env, module);
    return NULL;
}

int main(int argc, char **argv) {
    REQUIRE(argc == 2, "usage: shared_heap <apps directory>");
    apps_dir = argv[1];
    sample_init();
    SharedHeapInitArgs args = {HEAP_SIZE, NULL};
    heap = wasm_runtime_create_shared_heap(&args);
    REQUIRE(heap != NULL, "create_shared_heap");

    pthread_t producer, consumer;
    pthread_create(&producer, NULL, produce, NULL);
    pthread_create(&consumer, NULL, consume, NULL);
    pthread_join(producer, NULL);
    pthread_join(consumer, NULL);

    /* Every block was freed by the consumer: freeing any of them again is refused. */
    wasm_module_t module;
    wasm_exec_env_t checker_env = sample_start(apps_dir, "consumer.wasm", "checker", heap, &module);
    wasm_module_inst_t checker = wasm_runtime_get_module_inst(checker_env);
    int live = 0;
    for (int i = 0; i < MESSAGES; i++) {
        wasm_runtime_shared_heap_free(checker, sent[i]);
        const char *why = shheap_last_error();
        if (why == NULL || strstr(why, "not the start of a live block") == NULL) live++;
    }
    printf("heap after both threads: %d live blocks\n", live);
    sample_stop(checker_env, module);
    wasm_runtime_destroy();
    return live == 0 ? 0 : 1;
}

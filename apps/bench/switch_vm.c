/* A byte-code interpreter's dispatch loop: a small stack machine runs a loop of n iterations
 * computing acc = acc * 3 + (counter ^ 5), with its own jumps, entirely in byte code. */
#include "common.h"

enum { PUSH, ADD, MUL, DUP, SWAP, ROT, XOR, DEC, JNZ, HALT };

static const u8 PROGRAM[] = {
    /* stack on entry: [acc, counter] */
    /* 0 */ SWAP,          /* [counter, acc] */
    /* 1 */ PUSH, 3, MUL,  /* [counter, acc*3] */
    /* 4 */ SWAP, DUP,     /* [acc*3, counter, counter] */
    /* 6 */ PUSH, 5, XOR,  /* [acc*3, counter, counter^5] */
    /* 9 */ ROT, ADD,      /* [counter, acc*3 + (counter^5)] */
    /* 11 */ SWAP, DEC,    /* [acc', counter-1] */
    /* 13 */ DUP, JNZ, 0,  /* loop while counter-1 != 0 */
    /* 16 */ HALT,
};

static NOINLINE u64 execute(const u8 *code, u32 n) {
    u64 stack[16];
    u32 sp = 0;
    u32 pc = 0;
    stack[sp++] = 0;
    stack[sp++] = n;
    for (;;) {
        switch (code[pc++]) {
        case PUSH: stack[sp++] = code[pc++]; break;
        case ADD: sp--; stack[sp - 1] += stack[sp]; break;
        case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
        case DUP: stack[sp] = stack[sp - 1]; sp++; break;
        case SWAP: { u64 t = stack[sp - 1]; stack[sp - 1] = stack[sp - 2]; stack[sp - 2] = t; break; }
        case ROT: { u64 a = stack[sp - 3]; stack[sp - 3] = stack[sp - 2]; stack[sp - 2] = stack[sp - 1]; stack[sp - 1] = a; break; }
        case XOR: sp--; stack[sp - 1] ^= stack[sp]; break;
        case DEC: stack[sp - 1]--; break;
        case JNZ: { u8 target = code[pc++]; if (stack[--sp]) pc = target; break; }
        case HALT: return stack[sp - 2];
        default: return 0;
        }
    }
}

EXPORT("run") u64 run(u32 n) { return n == 0 ? 0 : execute(PROGRAM, n); }

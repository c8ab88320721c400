//! The oracle of the `shared_heap_ops` target: 1-4 instances (each in its own store, memory32
//! or memory64) of a fixed app share one random chain (at most one managed member, small
//! sizes) and run an arbitrary script: wasm loads, stores, `memory.fill`, `memory.copy`, wasm
//! and host `malloc`/`free`, `memory.grow`, attach, detach, host reads and writes, atomic
//! loads, stores, read-modify-writes and compare-exchanges. Every result is checked against
//! [`crate::shared_heap_model`]: values loaded, which accesses trap ("out of bounds memory
//! access", or "unaligned atomic" for a misaligned atomic access), every block `malloc` returns, which frees succeed,
//! the heap's statistics, and at the end every byte of linear memories and of the chain.

use std::sync::OnceLock;

use arbitrary::Arbitrary;
use interp::chain::{AddressSpace, Chain, ChainBuilder, PreAllocatedHeap, SharedChain};
use interp::{Engine, Error, Func, Instance, Linker, Module, Store, StoreLimits, TrapCode, Val};

use crate::shared_heap_model::{InstanceModel, Member, Model, WASM_PAGE};

/// Linear memories may not grow past this many pages.
const MAX_PAGES: u64 = 4;
/// Scripts longer than this add run time, not coverage.
const MAX_OPS: usize = 200;
/// Host reads and writes move at most this many bytes.
const MAX_HOST_LEN: usize = 64;

/// The app for memory32 instances. Every load returns an `i64`, every store takes one, so
/// both apps have one shape.
const APP32: &str = r#"
(module
  (import "env" "shared_heap_malloc" (func $malloc (param i32) (result i32)))
  (import "env" "shared_heap_free" (func $free (param i32)))
  (memory (export "memory") 1)
  (func (export "load8") (param i32) (result i64) (i64.load8_u (local.get 0)))
  (func (export "load16") (param i32) (result i64) (i64.load16_u (local.get 0)))
  (func (export "load32") (param i32) (result i64) (i64.load32_u (local.get 0)))
  (func (export "load64") (param i32) (result i64) (i64.load (local.get 0)))
  (func (export "load64_off8") (param i32) (result i64) (i64.load offset=8 (local.get 0)))
  (func (export "store8") (param i32 i64) (i64.store8 (local.get 0) (local.get 1)))
  (func (export "store16") (param i32 i64) (i64.store16 (local.get 0) (local.get 1)))
  (func (export "store32") (param i32 i64) (i64.store32 (local.get 0) (local.get 1)))
  (func (export "store64") (param i32 i64) (i64.store (local.get 0) (local.get 1)))
  (func (export "store64_off8") (param i32 i64) (i64.store offset=8 (local.get 0) (local.get 1)))
  (func (export "fill") (param i32 i32 i32) (memory.fill (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy") (param i32 i32 i32) (memory.copy (local.get 0) (local.get 1) (local.get 2)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "malloc") (param i32) (result i32) (call $malloc (local.get 0)))
  (func (export "free") (param i32) (call $free (local.get 0))))
"#;

/// The app for memory64 instances: [`APP32`] with 64-bit addresses.
const APP64: &str = r#"
(module
  (import "env" "shared_heap_malloc" (func $malloc (param i64) (result i64)))
  (import "env" "shared_heap_free" (func $free (param i64)))
  (memory (export "memory") i64 1)
  (func (export "load8") (param i64) (result i64) (i64.load8_u (local.get 0)))
  (func (export "load16") (param i64) (result i64) (i64.load16_u (local.get 0)))
  (func (export "load32") (param i64) (result i64) (i64.load32_u (local.get 0)))
  (func (export "load64") (param i64) (result i64) (i64.load (local.get 0)))
  (func (export "load64_off8") (param i64) (result i64) (i64.load offset=8 (local.get 0)))
  (func (export "store8") (param i64 i64) (i64.store8 (local.get 0) (local.get 1)))
  (func (export "store16") (param i64 i64) (i64.store16 (local.get 0) (local.get 1)))
  (func (export "store32") (param i64 i64) (i64.store32 (local.get 0) (local.get 1)))
  (func (export "store64") (param i64 i64) (i64.store (local.get 0) (local.get 1)))
  (func (export "store64_off8") (param i64 i64) (i64.store offset=8 (local.get 0) (local.get 1)))
  (func (export "fill") (param i64 i32 i64) (memory.fill (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy") (param i64 i64 i64) (memory.copy (local.get 0) (local.get 1) (local.get 2)))
  (func (export "grow") (param i64) (result i64) (memory.grow (local.get 0)))
  (func (export "malloc") (param i64) (result i64) (call $malloc (local.get 0)))
  (func (export "free") (param i64) (call $free (local.get 0))))
"#;

/// A chain, instances and a script.
#[derive(Debug, Arbitrary)]
pub struct Script {
    /// Members, head first (1 to 4 are used). The first that asks to be managed is.
    pub members: Vec<MemberSpec>,
    /// One flag per instance (1 to 4 are used): memory64?
    pub instances: Vec<bool>,
    /// The operations.
    pub ops: Vec<Op>,
}

/// One member's kind and size.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub struct MemberSpec {
    /// Asks for a managed heap.
    pub managed: bool,
    /// Size in 4 KiB pages, modulo 4, plus one.
    pub pages: u8,
}

/// An app address, chosen near the interesting edges.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum Addr {
    /// Around linear memory's end: `len - back` (wrapping below 0 to the top).
    LinearEnd {
        /// Distance back from the end, modulo 64, minus 8.
        back: u8,
    },
    /// Anywhere in linear memory (offset modulo its size).
    Linear(u32),
    /// Around a member: one byte before its first to one past its last.
    Member {
        /// The member, modulo the member count.
        member: u8,
        /// Offset modulo the member's size + 2, minus one.
        offset: u16,
    },
    /// Inside a live block (offset modulo its size + 1), or the chain start without blocks.
    Block {
        /// The block, modulo the live count.
        block: u8,
        /// Offset from the block's start.
        offset: u16,
    },
    /// `back` bytes below the top of the address space.
    NearTop(u16),
    /// Anything.
    Raw(u64),
}

/// A length or size.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum Len {
    /// 0 to 255.
    Small(u8),
    /// 0 to 65535.
    Medium(u16),
    /// Anything (memory32 apps see the low 32 bits).
    Any(u64),
}

impl Len {
    fn get(self) -> u64 {
        match self {
            Len::Small(n) => u64::from(n),
            Len::Medium(n) => u64::from(n),
            Len::Any(n) => n,
        }
    }
}

/// One step of the script; `inst` picks the instance modulo their count.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum Op {
    /// A wasm load of 1, 2, 4 or 8 bytes (`width` modulo 5; 4 means 8 bytes at offset 8).
    Load {
        /// Instance.
        inst: u8,
        /// Width selector.
        width: u8,
        /// Address.
        addr: Addr,
    },
    /// A wasm store, same widths as `Load`.
    Store {
        /// Instance.
        inst: u8,
        /// Width selector.
        width: u8,
        /// Address.
        addr: Addr,
        /// Value (truncated to the width).
        value: u64,
    },
    /// `memory.fill`.
    Fill {
        /// Instance.
        inst: u8,
        /// Destination.
        dst: Addr,
        /// Byte value.
        value: u8,
        /// Length.
        len: Len,
    },
    /// `memory.copy`.
    Copy {
        /// Instance.
        inst: u8,
        /// Destination.
        dst: Addr,
        /// Source.
        src: Addr,
        /// Length.
        len: Len,
    },
    /// `malloc`, from wasm or from the host.
    Malloc {
        /// Instance.
        inst: u8,
        /// Through the host API rather than the wasm import.
        host: bool,
        /// Size.
        size: Len,
    },
    /// `free`, from wasm or from the host.
    Free {
        /// Instance.
        inst: u8,
        /// Through the host API rather than the wasm import.
        host: bool,
        /// Address.
        addr: Addr,
    },
    /// `memory.grow` by `pages` modulo 4.
    Grow {
        /// Instance.
        inst: u8,
        /// Pages.
        pages: u8,
    },
    /// Attach the chain.
    Attach {
        /// Instance.
        inst: u8,
    },
    /// Detach the chain.
    Detach {
        /// Instance.
        inst: u8,
    },
    /// Host `read_app_memory` (and `validate_app_range`) of 1 to 64 bytes.
    HostRead {
        /// Instance.
        inst: u8,
        /// Address.
        addr: Addr,
        /// Length, modulo 64, plus one.
        len: u8,
    },
    /// Host `write_app_memory` of 1 to 64 bytes of `value`.
    HostWrite {
        /// Instance.
        inst: u8,
        /// Address.
        addr: Addr,
        /// Length, modulo 64, plus one.
        len: u8,
        /// Byte value.
        value: u8,
    },
    /// An atomic load, store, read-modify-write or compare-exchange (`kind` picks which,
    /// `width` the size); `current` makes a compare-exchange expect the value there.
    Atomic {
        /// Instance.
        inst: u8,
        /// The operation, an index into [`ATOMIC_KINDS`].
        kind: u8,
        /// 1, 2, 4 or 8 bytes, as `1 << (width % 4)`.
        width: u8,
        /// Address.
        addr: Addr,
        /// The value operand (the expected value of a compare-exchange).
        a: u64,
        /// The replacement of a compare-exchange.
        b: u64,
        /// Whether a compare-exchange expects the value that is there.
        current: bool,
    },
    /// A SIMD load of 16 bytes (`v128.load`), or of one lane (`v128.load64_lane`, which
    /// must leave the other lane of its operand alone) when `lane`.
    V128Load {
        /// Instance.
        inst: u8,
        /// Address.
        addr: Addr,
        /// A lane load rather than the whole vector.
        lane: bool,
    },
    /// A SIMD store of 16 bytes (`v128.store`), or of its high 8-byte lane
    /// (`v128.store64_lane 1`) when `lane`.
    V128Store {
        /// Instance.
        inst: u8,
        /// Address.
        addr: Addr,
        /// Value.
        value: u128,
        /// A lane store rather than the whole vector.
        lane: bool,
    },
}

/// The real objects under test.
struct World {
    chain: SharedChain,
    stores: Vec<Store<()>>,
    instances: Vec<Instance>,
}

/// Runs one script; panics on any disagreement with the model.
pub fn run(script: &Script) {
    let specs: Vec<MemberSpec> = script.members.iter().copied().take(4).collect();
    if specs.is_empty() {
        return;
    }
    let (chain, members) = build_chain(&specs);
    let apps = apps();
    let mut world = World {
        chain,
        stores: Vec::new(),
        instances: Vec::new(),
    };
    let mut model = Model {
        chain: vec![0; members.iter().map(|m| m.size as usize).sum()],
        members,
        live: Default::default(),
        invalid_frees: 0,
        instances: Vec::new(),
    };
    let wides: Vec<bool> = script.instances.iter().copied().take(4).collect();
    let wides = if wides.is_empty() { vec![false] } else { wides };
    for wide in wides {
        let (store, instance) = instantiate(apps, wide);
        world.stores.push(store);
        world.instances.push(instance);
        model.instances.push(InstanceModel {
            wide,
            linear: vec![0; WASM_PAGE as usize],
            attached: false,
        });
    }
    for op in script.ops.iter().take(MAX_OPS) {
        step(&mut world, &mut model, *op);
        check_stats(&world, &model);
    }
    check_all_bytes(&world, &model);
}

/// Builds the chain with the chain crate's builder; returns it and its members' model.
fn build_chain(specs: &[MemberSpec]) -> (SharedChain, Vec<Member>) {
    let managed_at = specs.iter().position(|s| s.managed);
    let mut members = Vec::new();
    let mut offset = 0;
    for (i, spec) in specs.iter().enumerate() {
        let size = (u64::from(spec.pages) % 4 + 1) * 4096;
        members.push(Member {
            offset,
            size,
            managed: Some(i) == managed_at,
        });
        offset += size;
    }
    let pre = |size: u64| {
        PreAllocatedHeap::from_vec(vec![0; size as usize]).expect("a whole number of pages")
    };
    let mut head: ChainBuilder = Chain::builder();
    let chain = match managed_at {
        None => {
            for member in &members {
                head = head.pre_allocated(pre(member.size));
            }
            head.build()
        }
        Some(at) => {
            for member in &members[..at] {
                head = head.pre_allocated(pre(member.size));
            }
            let heap = heap_alloc::DefaultManagedHeap::new(members[at].size as usize)
                .expect("a small managed heap");
            let mut rest = head.managed(heap);
            for member in &members[at + 1..] {
                rest = rest.pre_allocated(pre(member.size));
            }
            rest.build()
        }
    };
    (chain.expect("a valid small chain").into_shared(), members)
}

/// The engine and both apps, compiled once per process: parsing WAT on every input would
/// cost more than the script itself.
struct Apps {
    engine: Engine,
    app32: Module,
    app64: Module,
}

fn apps() -> &'static Apps {
    static APPS: OnceLock<Apps> = OnceLock::new();
    APPS.get_or_init(|| {
        let engine = Engine::default();
        Apps {
            app32: Module::from_wat(&engine, &with_simd(&with_atomics(APP32, "i32"), "i32"))
                .expect("the memory32 app"),
            app64: Module::from_wat(&engine, &with_simd(&with_atomics(APP64, "i64"), "i64"))
                .expect("the memory64 app"),
            engine,
        }
    })
}

fn instantiate(apps: &Apps, wide: bool) -> (Store<()>, Instance) {
    let engine = &apps.engine;
    let module = if wide { &apps.app64 } else { &apps.app32 };
    let mut store = Store::new(engine, ());
    store.set_limits(StoreLimits {
        max_memory_bytes: MAX_PAGES * WASM_PAGE,
        ..StoreLimits::default()
    });
    let mut linker = Linker::new(engine);
    linker
        .define_shared_heap_functions()
        .expect("the shared-heap imports");
    let instance = linker
        .instantiate(&mut store, module)
        .expect("the app instantiates");
    (store, instance)
}

/// Resolves an [`Addr`] to an address in instance `index`'s space (truncated for memory32).
fn resolve(model: &Model, index: usize, addr: Addr) -> u64 {
    let instance = &model.instances[index];
    let start = model.start(instance.wide);
    let raw = match addr {
        Addr::LinearEnd { back } => (instance.linear.len() as u64)
            .wrapping_sub(u64::from(back % 64))
            .wrapping_add(8),
        Addr::Linear(offset) => u64::from(offset) % instance.linear.len().max(1) as u64,
        Addr::Member { member, offset } => {
            let m = model.members[usize::from(member) % model.members.len()];
            // One past the tail's last byte is 2^64 in memory64: it wraps to 0 like the app's.
            start
                .wrapping_add(m.offset)
                .wrapping_add(u64::from(offset) % (m.size + 2))
                .wrapping_sub(1)
        }
        Addr::Block { block, offset } => match model
            .live
            .iter()
            .nth(usize::from(block) % model.live.len().max(1))
        {
            Some((&at, &size)) => start
                .wrapping_add(at)
                .wrapping_add(u64::from(offset) % (size + 1)),
            None => start,
        },
        Addr::NearTop(back) => (Model::top(instance.wide) - 1 - u128::from(back)) as u64,
        Addr::Raw(raw) => raw,
    };
    if instance.wide {
        raw
    } else {
        raw & 0xFFFF_FFFF
    }
}

/// An address or length as the app's index type.
fn index_val(wide: bool, value: u64) -> Val {
    if wide {
        Val::I64(value as i64)
    } else {
        Val::I32(value as u32 as i32)
    }
}

/// Calls export `name` of instance `index`.
fn call(
    world: &mut World,
    index: usize,
    name: &str,
    params: &[Val],
    results: &mut [Val],
) -> Result<(), Error> {
    let store = &mut world.stores[index];
    let func: Func = world.instances[index]
        .get_func(&*store, name)
        .expect("the app's export");
    func.call(store, params, results)
}

/// Asserts that `result` is the trap "out of bounds memory access".
fn assert_oob(result: Result<(), Error>, what: &str) {
    match result {
        Ok(()) => panic!("{what} should have trapped out of bounds but succeeded"),
        Err(error) => {
            assert_eq!(
                error.trap_code(),
                Some(TrapCode::MemoryOutOfBounds),
                "{what}: {error}"
            );
            assert_eq!(error.to_string(), "out of bounds memory access", "{what}");
        }
    }
}

fn step(world: &mut World, model: &mut Model, op: Op) {
    let count = model.instances.len();
    match op {
        Op::Load { inst, width, addr } => {
            let i = usize::from(inst) % count;
            let (name, n, offset) = width_of(width, "load");
            let at = resolve(model, i, addr);
            let wide = model.instances[i].wide;
            let mut results = [Val::I64(0)];
            let result = call(world, i, &name, &[index_val(wide, at)], &mut results);
            let what = format!("{name}({at:#x}) in instance {i}");
            match model.locate(i, u128::from(at) + offset, n as u128) {
                None => assert_oob(result, &what),
                Some(place) => {
                    assert!(result.is_ok(), "{what} trapped: {result:?}");
                    let mut expected = [0u8; 8];
                    expected[..n].copy_from_slice(&model.read(i, place, n));
                    let Val::I64(got) = results[0] else {
                        panic!("{what} returned {results:?}")
                    };
                    assert_eq!(
                        got as u64,
                        u64::from_le_bytes(expected),
                        "{what} read a wrong value"
                    );
                }
            }
        }
        Op::Store {
            inst,
            width,
            addr,
            value,
        } => {
            let i = usize::from(inst) % count;
            let (name, n, offset) = width_of(width, "store");
            let at = resolve(model, i, addr);
            let wide = model.instances[i].wide;
            let result = call(
                world,
                i,
                &name,
                &[index_val(wide, at), Val::I64(value as i64)],
                &mut [],
            );
            let what = format!("{name}({at:#x}, {value:#x}) in instance {i}");
            match model.locate(i, u128::from(at) + offset, n as u128) {
                None => assert_oob(result, &what),
                Some(place) => {
                    assert!(result.is_ok(), "{what} trapped: {result:?}");
                    model.write(i, place, &value.to_le_bytes()[..n]);
                }
            }
        }
        Op::Fill {
            inst,
            dst,
            value,
            len,
        } => {
            let i = usize::from(inst) % count;
            let wide = model.instances[i].wide;
            let at = resolve(model, i, dst);
            let len = if wide {
                len.get()
            } else {
                len.get() & 0xFFFF_FFFF
            };
            let params = [
                index_val(wide, at),
                Val::I32(i32::from(value)),
                index_val(wide, len),
            ];
            let result = call(world, i, "fill", &params, &mut []);
            let what = format!("fill({at:#x}, {value}, {len}) in instance {i}");
            match model.locate(i, u128::from(at), u128::from(len)) {
                None => assert_oob(result, &what),
                Some(place) => {
                    assert!(result.is_ok(), "{what} trapped: {result:?}");
                    model.write(i, place, &vec![value; len as usize]);
                }
            }
        }
        Op::Copy {
            inst,
            dst,
            src,
            len,
        } => {
            let i = usize::from(inst) % count;
            let wide = model.instances[i].wide;
            let to = resolve(model, i, dst);
            let from = resolve(model, i, src);
            let len = if wide {
                len.get()
            } else {
                len.get() & 0xFFFF_FFFF
            };
            let params = [
                index_val(wide, to),
                index_val(wide, from),
                index_val(wide, len),
            ];
            let result = call(world, i, "copy", &params, &mut []);
            let what = format!("copy({to:#x}, {from:#x}, {len}) in instance {i}");
            let places = model
                .locate(i, u128::from(to), u128::from(len))
                .zip(model.locate(i, u128::from(from), u128::from(len)));
            match places {
                None => assert_oob(result, &what),
                Some((to, from)) => {
                    assert!(result.is_ok(), "{what} trapped: {result:?}");
                    let bytes = model.read(i, from, len as usize);
                    model.write(i, to, &bytes);
                }
            }
        }
        Op::Malloc { inst, host, size } => {
            let i = usize::from(inst) % count;
            let wide = model.instances[i].wide;
            let size = if wide || host {
                size.get()
            } else {
                size.get() & 0xFFFF_FFFF
            };
            let block = if host {
                let store = &world.stores[i];
                let block = world.instances[i].shared_heap_malloc(store, size);
                if let Some((addr, ptr)) = block {
                    let space = if wide {
                        AddressSpace::Memory64
                    } else {
                        AddressSpace::Memory32
                    };
                    let native = world.chain.translate(space, addr, 1).map(|p| p.as_ptr());
                    assert_eq!(
                        native,
                        Some(ptr.as_ptr()),
                        "host malloc's pointer and address disagree"
                    );
                }
                block.map(|(addr, _)| addr)
            } else {
                let mut results = [index_val(wide, 0)];
                let result = call(world, i, "malloc", &[index_val(wide, size)], &mut results);
                assert!(result.is_ok(), "wasm malloc({size}) failed: {result:?}");
                match results[0] {
                    Val::I32(0) | Val::I64(0) => None,
                    Val::I32(addr) => Some(u64::from(addr as u32)),
                    Val::I64(addr) => Some(addr as u64),
                    other => panic!("wasm malloc returned {other:?}"),
                }
            };
            // No room is a valid answer whatever the size; what the model checks is that
            // no block comes to an instance without a chain and every block is well placed.
            if let Some(addr) = block {
                let attached = model.instances[i].attached;
                assert!(attached, "malloc succeeded in instance {i} without a chain");
                model.record_malloc(i, addr, size);
            }
        }
        Op::Free { inst, host, addr } => {
            let i = usize::from(inst) % count;
            let wide = model.instances[i].wide;
            let at = resolve(model, i, addr);
            let attached = model.instances[i].attached;
            if host {
                let result = world.instances[i].shared_heap_free(&world.stores[i], at);
                let expected = attached && model.free(i, at);
                assert_eq!(
                    result.is_ok(),
                    expected,
                    "host free({at:#x}) in instance {i}: {result:?}"
                );
            } else {
                let result = call(world, i, "free", &[index_val(wide, at)], &mut []);
                assert!(result.is_ok(), "wasm free({at:#x}) failed: {result:?}");
                if attached && at != 0 {
                    model.free(i, at);
                }
            }
        }
        Op::Grow { inst, pages } => {
            let i = usize::from(inst) % count;
            let wide = model.instances[i].wide;
            let delta = u64::from(pages % 4);
            let mut results = [index_val(wide, 0)];
            let result = call(world, i, "grow", &[index_val(wide, delta)], &mut results);
            assert!(result.is_ok(), "memory.grow({delta}) failed: {result:?}");
            let instance = &model.instances[i];
            let old = instance.linear.len() as u64;
            let new = old + delta * WASM_PAGE;
            let fits = new <= MAX_PAGES * WASM_PAGE
                && (!instance.attached || new <= model.start(instance.wide));
            let got = match results[0] {
                Val::I32(v) => i64::from(v),
                Val::I64(v) => v,
                other => panic!("memory.grow returned {other:?}"),
            };
            if fits {
                assert_eq!(
                    got,
                    (old / WASM_PAGE) as i64,
                    "memory.grow({delta}) in instance {i}"
                );
                model.instances[i].linear.resize(new as usize, 0);
            } else {
                assert_eq!(
                    got, -1,
                    "memory.grow({delta}) past the limit in instance {i}"
                );
            }
        }
        Op::Attach { inst } => {
            let i = usize::from(inst) % count;
            let result = world.instances[i].attach_shared_heap(&mut world.stores[i], &world.chain);
            let instance = &mut model.instances[i];
            let expected = !instance.attached;
            assert_eq!(
                result.is_ok(),
                expected,
                "attach in instance {i}: {result:?}"
            );
            if let Err(error) = &result {
                assert!(
                    !error.to_string().is_empty(),
                    "an attach error without a message"
                );
            }
            instance.attached = true;
        }
        Op::Detach { inst } => {
            let i = usize::from(inst) % count;
            world.instances[i].detach_shared_heap(&mut world.stores[i]);
            model.instances[i].attached = false;
        }
        Op::HostRead { inst, addr, len } => {
            let i = usize::from(inst) % count;
            let at = resolve(model, i, addr);
            let n = usize::from(len) % MAX_HOST_LEN + 1;
            let mut buf = vec![0; n];
            let valid = world.instances[i].validate_app_range(&world.stores[i], at, n as u64);
            let result = world.instances[i].read_app_memory(&world.stores[i], at, &mut buf);
            let place = model.locate(i, u128::from(at), n as u128);
            assert_eq!(
                valid,
                place.is_some(),
                "validate_app_range({at:#x}, {n}) in instance {i}"
            );
            match place {
                None => assert!(result.is_err(), "host read of {n} at {at:#x} should fail"),
                Some(place) => {
                    assert!(
                        result.is_ok(),
                        "host read of {n} at {at:#x} failed: {result:?}"
                    );
                    assert_eq!(buf, model.read(i, place, n), "host read of {n} at {at:#x}");
                }
            }
        }
        Op::HostWrite {
            inst,
            addr,
            len,
            value,
        } => {
            let i = usize::from(inst) % count;
            let at = resolve(model, i, addr);
            let bytes = vec![value; usize::from(len) % MAX_HOST_LEN + 1];
            let result = world.instances[i].write_app_memory(&mut world.stores[i], at, &bytes);
            match model.locate(i, u128::from(at), bytes.len() as u128) {
                None => assert!(result.is_err(), "host write at {at:#x} should fail"),
                Some(place) => {
                    assert!(result.is_ok(), "host write at {at:#x} failed: {result:?}");
                    model.write(i, place, &bytes);
                }
            }
        }
        Op::Atomic {
            inst,
            kind,
            width,
            addr,
            a,
            b,
            current,
        } => {
            let i = usize::from(inst) % count;
            step_atomic(world, model, i, (kind, width, addr, a, b, current));
        }
        Op::V128Load { inst, addr, lane } => {
            let i = usize::from(inst) % count;
            let at = resolve(model, i, addr);
            let wide = model.instances[i].wide;
            let (name, n) = if lane { ("v128_load64_lane", 8) } else { ("v128_load", 16) };
            let mut results = [Val::V128(0)];
            let result = call(world, i, name, &[index_val(wide, at)], &mut results);
            let what = format!("{name}({at:#x}) in instance {i}");
            match model.locate(i, u128::from(at), n as u128) {
                None => assert_oob(result, &what),
                Some(place) => {
                    assert!(result.is_ok(), "{what} trapped: {result:?}");
                    let mut expected = [0u8; 16];
                    expected[..n].copy_from_slice(&model.read(i, place, n));
                    // The lane load replaces lane 0 of an all-ones vector.
                    if lane {
                        expected[8..].fill(0xFF);
                    }
                    let Val::V128(got) = results[0] else {
                        panic!("{what} returned {results:?}")
                    };
                    assert_eq!(got, u128::from_le_bytes(expected), "{what} read a wrong value");
                }
            }
        }
        Op::V128Store {
            inst,
            addr,
            value,
            lane,
        } => {
            let i = usize::from(inst) % count;
            let at = resolve(model, i, addr);
            let wide = model.instances[i].wide;
            let (name, n) = if lane { ("v128_store64_lane", 8) } else { ("v128_store", 16) };
            let params = [index_val(wide, at), Val::V128(value)];
            let result = call(world, i, name, &params, &mut []);
            let what = format!("{name}({at:#x}, {value:#x}) in instance {i}");
            match model.locate(i, u128::from(at), n as u128) {
                None => assert_oob(result, &what),
                Some(place) => {
                    assert!(result.is_ok(), "{what} trapped: {result:?}");
                    let bytes = value.to_le_bytes();
                    let stored = if lane { &bytes[8..] } else { &bytes[..] };
                    model.write(i, place, stored);
                }
            }
        }
    }
}

/// `app` with the SIMD accesses [`Op::V128Load`] and [`Op::V128Store`] call; `addr` is the
/// app's address type.
fn with_simd(app: &str, addr: &str) -> String {
    let funcs = format!(
        r#"
  (func (export "v128_load") (param {addr}) (result v128) (v128.load (local.get 0)))
  (func (export "v128_load64_lane") (param {addr}) (result v128)
    (v128.load64_lane 0 (local.get 0) (v128.const i64x2 -1 -1)))
  (func (export "v128_store") (param {addr} v128) (v128.store (local.get 0) (local.get 1)))
  (func (export "v128_store64_lane") (param {addr} v128)
    (v128.store64_lane 1 (local.get 0) (local.get 1)))
"#
    );
    let end = app
        .trim_end()
        .strip_suffix(')')
        .expect("the app ends its module");
    format!("{end}\n{funcs})")
}

/// The atomic operations the script picks from, by their export's name prefix.
const ATOMIC_KINDS: [&str; 9] = [
    "load", "store", "add", "sub", "and", "or", "xor", "xchg", "cmpxchg",
];

/// `app` with one export per atomic operation and width, all `(addr, a: i64, b: i64) -> i64`:
/// `atomic_<kind><bits>` (a store returns 0). `addr` is the app's address type.
fn with_atomics(app: &str, addr: &str) -> String {
    let mut funcs = String::new();
    for bits in [8, 16, 32, 64] {
        // i64.atomic.load8_u, i64.atomic.rmw8.add_u; the 64-bit forms have no suffix.
        let (narrow, unsigned) = if bits == 64 {
            (String::new(), "")
        } else {
            (bits.to_string(), "_u")
        };
        for kind in ATOMIC_KINDS {
            let body = match kind {
                "load" => format!("(i64.atomic.load{narrow}{unsigned} (local.get 0))"),
                "store" => {
                    format!("(i64.atomic.store{narrow} (local.get 0) (local.get 1)) (i64.const 0)")
                }
                "cmpxchg" => format!(
                    "(i64.atomic.rmw{narrow}.cmpxchg{unsigned} (local.get 0) (local.get 1) (local.get 2))"
                ),
                rmw => {
                    format!("(i64.atomic.rmw{narrow}.{rmw}{unsigned} (local.get 0) (local.get 1))")
                }
            };
            funcs.push_str(&format!(
                "  (func (export \"atomic_{kind}{bits}\") (param {addr} i64 i64) (result i64) {body})\n"
            ));
        }
    }
    let end = app
        .trim_end()
        .strip_suffix(')')
        .expect("the app ends its module");
    format!("{end}\n{funcs})")
}

/// What atomic operation `kind` on `n` bytes holding `old` returns and leaves there, with
/// operands `a` and `b`.
fn atomic_model(kind: &str, n: usize, old: u64, a: u64, b: u64) -> (u64, u64) {
    let mask = u64::MAX >> (64 - 8 * n);
    let (a, b) = (a & mask, b & mask);
    let new = match kind {
        "load" => old,
        "store" | "xchg" => a,
        "add" => old.wrapping_add(a),
        "sub" => old.wrapping_sub(a),
        "and" => old & a,
        "or" => old | a,
        "xor" => old ^ a,
        _ if old == a => b,
        _ => old,
    };
    let result = if kind == "store" { 0 } else { old };
    (result, new & mask)
}

/// Runs [`Op::Atomic`] and checks it against the model: "unaligned atomic" for a misaligned
/// address, else the usual bounds rule, else the model's result and bytes.
fn step_atomic(world: &mut World, model: &mut Model, i: usize, op: (u8, u8, Addr, u64, u64, bool)) {
    let (kind, width, addr, a, b, current) = op;
    let kind = ATOMIC_KINDS[usize::from(kind) % ATOMIC_KINDS.len()];
    let n = 1usize << (width % 4);
    let name = format!("atomic_{kind}{}", n * 8);
    let at = resolve(model, i, addr);
    let wide = model.instances[i].wide;
    let place = model.locate(i, u128::from(at), n as u128);
    let old = place.map(|place| {
        let mut bytes = [0u8; 8];
        bytes[..n].copy_from_slice(&model.read(i, place, n));
        u64::from_le_bytes(bytes)
    });
    let a = match old {
        Some(old) if current => old,
        _ => a,
    };
    let mut results = [Val::I64(0)];
    let params = [index_val(wide, at), Val::I64(a as i64), Val::I64(b as i64)];
    let result = call(world, i, &name, &params, &mut results);
    let what = format!("{name}({at:#x}, {a:#x}, {b:#x}) in instance {i}");
    if !at.is_multiple_of(n as u64) {
        let error = result.expect_err(&what);
        assert_eq!(error.trap_code(), Some(TrapCode::UnalignedAtomic), "{what}");
        assert_eq!(error.to_string(), "unaligned atomic", "{what}");
        return;
    }
    match (place, old) {
        (Some(place), Some(old)) => {
            assert!(result.is_ok(), "{what} trapped: {result:?}");
            let (want, new) = atomic_model(kind, n, old, a, b);
            let Val::I64(got) = results[0] else {
                panic!("{what} returned {results:?}")
            };
            assert_eq!(got as u64, want, "{what} returned a wrong value");
            model.write(i, place, &new.to_le_bytes()[..n]);
        }
        _ => assert_oob(result, &what),
    }
}

/// The export, byte count and memarg offset of a width selector.
fn width_of(width: u8, verb: &str) -> (String, usize, u128) {
    match width % 5 {
        0 => (format!("{verb}8"), 1, 0),
        1 => (format!("{verb}16"), 2, 0),
        2 => (format!("{verb}32"), 4, 0),
        3 => (format!("{verb}64"), 8, 0),
        _ => (format!("{verb}64_off8"), 8, 8),
    }
}

/// The managed member's statistics agree with the model's live blocks and invalid frees.
fn check_stats(world: &World, model: &Model) {
    let Some(stats) = world.chain.stats() else {
        assert!(
            model.managed().is_none(),
            "a chain with a managed member has no stats"
        );
        return;
    };
    assert_eq!(
        stats.live_blocks,
        model.live.len(),
        "live blocks: {stats:?}"
    );
    assert_eq!(
        stats.invalid_frees, model.invalid_frees,
        "invalid frees: {stats:?}"
    );
    let requested: u64 = model.live.values().map(|&size| size.max(1)).sum();
    assert!(
        stats.bytes_in_use as u64 >= requested,
        "bytes in use {stats:?} < {requested}"
    );
    assert!(
        stats.bytes_in_use <= stats.total_bytes,
        "more in use than the heap: {stats:?}"
    );
}

/// Every byte of every linear memory and of the chain matches the model.
fn check_all_bytes(world: &World, model: &Model) {
    for (i, instance) in world.instances.iter().enumerate() {
        let store = &world.stores[i];
        let memory = instance
            .get_memory(store, "memory")
            .expect("the app's memory");
        let mut bytes = vec![0; memory.data_size(store)];
        memory
            .read(store, 0, &mut bytes)
            .expect("reading a whole memory");
        assert!(
            bytes == model.instances[i].linear,
            "linear memory of instance {i} differs"
        );
    }
    let start = model.start(true);
    for member in &model.members {
        let ptr = world
            .chain
            .translate(AddressSpace::Memory64, start + member.offset, member.size)
            .expect("a member translates");
        let mut bytes = vec![0; member.size as usize];
        // SAFETY: `translate` vouched for `member.size` bytes at `ptr` inside one member of a
        // chain `world` keeps alive; no wasm runs now, and this is a raw copy into host memory
        // (no reference to the heap bytes is formed).
        unsafe { core::ptr::copy_nonoverlapping(ptr.as_ptr(), bytes.as_mut_ptr(), bytes.len()) };
        let at = member.offset as usize;
        assert!(
            bytes == model.chain[at..at + bytes.len()],
            "the bytes of the member at chain offset {at:#x} differ"
        );
    }
}

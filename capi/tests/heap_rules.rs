//! Random sequences of shared-heap calls through the C API (create, chain, unchain, reset,
//! attach, detach, malloc, and calls with made-up handles) against a model of WAMR's rules:
//! every result matches the model, and nothing crashes.

use std::ffi::c_void;

use proptest::prelude::*;
use shheap::*;

/// One heap in the model.
#[derive(Clone, Debug)]
struct ModelHeap {
    managed: bool,
    size: u64,
    next: Option<usize>,
    prev: Option<usize>,
    attached: u32,
}

#[derive(Default)]
struct Model {
    heaps: Vec<ModelHeap>,
    /// The heap each of the two instances has attached.
    attached: [Option<usize>; 2],
}

impl Model {
    fn chain_from(&self, h: usize) -> Vec<usize> {
        let mut members = vec![h];
        let mut current = h;
        while let Some(next) = self.heaps[current].next {
            members.push(next);
            current = next;
        }
        members
    }

    fn any_attached(&self, h: usize) -> bool {
        self.chain_from(h)
            .iter()
            .any(|&m| self.heaps[m].attached > 0)
    }

    fn chain(&mut self, h: usize, b: usize) -> bool {
        let managed = std::iter::once(h)
            .chain(self.chain_from(b))
            .filter(|&m| self.heaps[m].managed)
            .count();
        let ok = h != b
            && self.heaps[h].attached == 0
            && self.heaps[b].attached == 0
            && self.heaps[h].next.is_none()
            && self.heaps[h].prev.is_none()
            && self.heaps[b].prev.is_none()
            && managed <= 1;
        if ok {
            self.heaps[h].next = Some(b);
            self.heaps[b].prev = Some(h);
        }
        ok
    }

    fn unchain(&mut self, h: usize, entire: bool) -> Option<usize> {
        if self.heaps[h].next.is_none() || self.any_attached(h) {
            return None;
        }
        let mut current = h;
        while let Some(next) = self.heaps[current].next.take() {
            self.heaps[next].prev = None;
            current = next;
            if !entire {
                break;
            }
        }
        Some(current)
    }

    fn attach(&mut self, i: usize, h: usize) -> bool {
        if self.heaps[h].prev.is_some() || self.attached[i].is_some() {
            return false;
        }
        for m in self.chain_from(h) {
            self.heaps[m].attached += 1;
        }
        self.attached[i] = Some(h);
        true
    }

    fn detach(&mut self, i: usize) {
        if let Some(h) = self.attached[i].take() {
            for m in self.chain_from(h) {
                self.heaps[m].attached -= 1;
            }
        }
    }
}

#[derive(Clone, Debug)]
enum Op {
    Create { managed: bool, pages: u64 },
    Chain(usize, usize),
    Unchain(usize, bool),
    Reset(usize),
    Attach(usize, usize),
    Detach(usize),
    Malloc(usize),
    MadeUpHandle(u64),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (any::<bool>(), 1u64..=4).prop_map(|(managed, pages)| Op::Create { managed, pages }),
        (0usize..8, 0usize..8).prop_map(|(a, b)| Op::Chain(a, b)),
        (0usize..8, any::<bool>()).prop_map(|(a, e)| Op::Unchain(a, e)),
        (0usize..8).prop_map(Op::Reset),
        (0usize..2, 0usize..8).prop_map(|(i, h)| Op::Attach(i, h)),
        (0usize..2).prop_map(Op::Detach),
        (0usize..2).prop_map(Op::Malloc),
        any::<u64>().prop_map(Op::MadeUpHandle),
    ]
}

const APP: &str = "(module (memory 1))";

fn run_case(ops: &[Op]) -> Result<(), TestCaseError> {
    assert!(wasm_runtime_init());
    let wasm = wat::parse_str(APP).expect("valid WAT");
    let mut bytes = wasm.clone();
    // SAFETY: `bytes` is readable for its length; no error buffer.
    let module = unsafe {
        wasm_runtime_load(
            bytes.as_mut_ptr(),
            bytes.len() as u32,
            core::ptr::null_mut(),
            0,
        )
    };
    prop_assert!(!module.is_null());
    // SAFETY: no error buffer.
    let instances = [(); 2]
        .map(|_| unsafe { wasm_runtime_instantiate(module, 0, 0, core::ptr::null_mut(), 0) });
    let mut model = Model::default();
    let mut handles: Vec<*mut c_void> = Vec::new();
    let mut buffers: Vec<Box<[u8]>> = Vec::new();
    for op in ops {
        match *op {
            Op::Create { managed, pages } => {
                if handles.len() == 8 {
                    continue;
                }
                let size = pages * 4096;
                let mut args = SharedHeapInitArgs {
                    size: size as u32,
                    pre_allocated_addr: core::ptr::null_mut(),
                };
                if !managed {
                    let mut buffer = vec![0u8; size as usize].into_boxed_slice();
                    args.pre_allocated_addr = buffer.as_mut_ptr().cast();
                    buffers.push(buffer);
                }
                // SAFETY: `args` is readable; the buffer lives until the runtime is destroyed.
                let heap = unsafe { wasm_runtime_create_shared_heap(&mut args) };
                prop_assert!(!heap.is_null());
                handles.push(heap);
                model.heaps.push(ModelHeap {
                    managed,
                    size,
                    next: None,
                    prev: None,
                    attached: 0,
                });
            }
            Op::Chain(a, b) if a < handles.len() && b < handles.len() => {
                let got = wasm_runtime_chain_shared_heaps(handles[a], handles[b]);
                let want = model.chain(a, b);
                prop_assert_eq!(!got.is_null(), want, "chain {} {}", a, b);
                if want {
                    prop_assert_eq!(got, handles[a]);
                }
            }
            Op::Unchain(a, entire) if a < handles.len() => {
                let got = wasm_runtime_unchain_shared_heaps(handles[a], entire);
                let want = model.unchain(a, entire).map(|h| handles[h]);
                prop_assert_eq!(got, want.unwrap_or(core::ptr::null_mut()));
            }
            Op::Reset(a) if a < handles.len() => {
                let got = wasm_runtime_reset_shared_heap_chain(handles[a]);
                prop_assert_eq!(got, !model.any_attached(a));
            }
            Op::Attach(i, h) if h < handles.len() => {
                let got = wasm_runtime_attach_shared_heap(instances[i], handles[h]);
                prop_assert_eq!(got, model.attach(i, h), "attach {} {}", i, h);
            }
            Op::Detach(i) => {
                wasm_runtime_detach_shared_heap(instances[i]);
                model.detach(i);
            }
            Op::Malloc(i) => {
                let mut native = core::ptr::null_mut();
                // SAFETY: `native` is writable.
                let app = unsafe { wasm_runtime_shared_heap_malloc(instances[i], 16, &mut native) };
                match model.attached[i] {
                    Some(h) if model.chain_from(h).iter().any(|&m| model.heaps[m].managed) => {
                        let total: u64 = model
                            .chain_from(h)
                            .iter()
                            .map(|&m| model.heaps[m].size)
                            .sum();
                        prop_assert!(app >= (1u64 << 32) - total && app < 1u64 << 32, "{app:#x}");
                        prop_assert_eq!(wasm_runtime_addr_app_to_native(instances[i], app), native);
                        wasm_runtime_shared_heap_free(instances[i], app);
                    }
                    _ => {
                        prop_assert_eq!(app, 0);
                        prop_assert!(native.is_null());
                    }
                }
            }
            Op::MadeUpHandle(bits) => {
                let fake = bits as usize as *mut c_void;
                if handles.contains(&fake) {
                    continue;
                }
                prop_assert!(wasm_runtime_chain_shared_heaps(fake, fake).is_null());
                prop_assert!(wasm_runtime_unchain_shared_heaps(fake, true).is_null());
                prop_assert!(!wasm_runtime_reset_shared_heap_chain(fake));
                prop_assert!(!wasm_runtime_attach_shared_heap(instances[0], fake));
                prop_assert!(!wasm_runtime_attach_shared_heap(fake, fake));
                wasm_runtime_detach_shared_heap(fake);
                wasm_runtime_shared_heap_free(fake, bits);
            }
            _ => {}
        }
    }
    for instance in instances {
        wasm_runtime_deinstantiate(instance);
    }
    wasm_runtime_unload(module);
    wasm_runtime_destroy();
    drop(buffers);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn heap_calls_follow_wamr_rules(ops in proptest::collection::vec(op(), 1..60)) {
        run_case(&ops)?;
    }
}

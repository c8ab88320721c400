//! The oracle of the `chain_translate` target: a plain model of a chain's address map, of its
//! bytes and of the managed member's live blocks, checked against the real chain after every
//! operation.
//!
//! The model computes in `u128`, walks members linearly and keeps a byte-for-byte shadow of
//! every member, so it shares no code and no cleverness with the chain: binary search, the
//! last-hit cache and checked `u64` arithmetic must all agree with it.

use std::collections::BTreeMap;

use arbitrary::Arbitrary;
use chain::{AddressSpace, Chain, ChainAccess, FreeError, Heap, HitCache, MemoryAccess};
use heap_alloc::{DefaultManagedHeap, PreAllocatedHeap};

const PAGE: u64 = 4096;
/// Chains longer than this add run time, not coverage.
const MAX_MEMBERS: usize = 8;
/// Scenarios longer than this add run time, not coverage.
const MAX_OPS: usize = 256;

/// A chain to build and what to do with it.
#[derive(Debug, Arbitrary)]
pub struct Scenario {
    /// Members, head first. The first that asks to be managed is; later ones are
    /// pre-allocated, so the chain holds at most one managed heap.
    pub members: Vec<MemberSpec>,
    /// Operations, in order.
    pub ops: Vec<Op>,
}

/// One member's kind and size.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub struct MemberSpec {
    /// Asks for a managed heap.
    pub managed: bool,
    /// The size in 4 KiB pages, taken modulo 16, plus one.
    pub pages: u8,
}

/// An app address, chosen where the interesting answers are.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum Place {
    /// From one byte below a member's first byte to one past its last.
    InMember {
        /// The member, modulo the member count.
        member: u8,
        /// The offset, modulo the member's size + 2, minus one.
        offset: u32,
    },
    /// Below the chain's start by `back + 1` bytes.
    BelowStart {
        /// Extra distance.
        back: u16,
    },
    /// `back` bytes below the top of the space (2^32 or 2^64).
    NearTop {
        /// Distance from the top.
        back: u32,
    },
    /// Anywhere.
    Raw(u64),
}

/// A range length.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum Len {
    /// 0 to 255 bytes.
    Small(u8),
    /// 0 to 65535 bytes.
    Medium(u16),
    /// Anything, to provoke overflow.
    Any(u64),
}

/// One operation on the chain. `wide` picks memory64 over memory32.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum Op {
    /// Translate a range, uncached and through each kind of cache.
    Translate {
        /// memory64?
        wide: bool,
        /// Where.
        at: Place,
        /// How long.
        len: Len,
    },
    /// Allocate from the managed member.
    Malloc {
        /// memory64?
        wide: bool,
        /// Bytes.
        size: u16,
    },
    /// Free an arbitrary address (mostly not a live block).
    Free {
        /// memory64?
        wide: bool,
        /// Where.
        at: Place,
    },
    /// Free a live block, chosen modulo their number.
    FreeLive {
        /// memory64?
        wide: bool,
        /// Which block.
        pick: u8,
    },
    /// Write `len` copies of `byte` at a range, if it translates.
    Write {
        /// memory64?
        wide: bool,
        /// Where.
        at: Place,
        /// How long.
        len: u8,
        /// What.
        byte: u8,
    },
    /// Validate a NUL-terminated string.
    CStr {
        /// memory64?
        wide: bool,
        /// Where.
        at: Place,
    },
    /// Map a native pointer (`offset` into a member, modulo its size + 1) back.
    Reverse {
        /// memory64?
        wide: bool,
        /// The member, modulo the member count.
        member: u8,
        /// The offset.
        offset: u32,
    },
    /// Reset the chain: every byte zero, every block freed.
    Reset,
}

/// A member as the model knows it.
struct ModelMember {
    /// Distance of the first byte from the chain's first byte.
    rel: u64,
    size: u64,
    /// The native address of the first byte.
    base: usize,
    managed: bool,
    /// What every byte should read as.
    shadow: Vec<u8>,
}

/// The plain model: members in order, live blocks by chain offset, invalid frees.
struct Model {
    members: Vec<ModelMember>,
    total: u64,
    /// Live blocks: chain offset of the first byte -> size asked for (at least 1).
    live: BTreeMap<u64, u64>,
    invalid_frees: u64,
}

fn space(wide: bool) -> AddressSpace {
    if wide {
        AddressSpace::Memory64
    } else {
        AddressSpace::Memory32
    }
}

fn top(wide: bool) -> u128 {
    if wide { 1 << 64 } else { 1 << 32 }
}

impl Model {
    fn start(&self, wide: bool) -> u128 {
        top(wide) - u128::from(self.total)
    }

    fn managed(&self) -> Option<&ModelMember> {
        self.members.iter().find(|m| m.managed)
    }

    /// The member and offset of `[addr, addr + len)`: inside one member; zero length allowed
    /// up to one past the last byte, the later member winning on a boundary.
    fn resolve(&self, wide: bool, addr: u64, len: u64) -> Option<(usize, u64)> {
        let (addr, end) = (u128::from(addr), u128::from(addr) + u128::from(len));
        let start = self.start(wide);
        let mut found = None;
        for (index, member) in self.members.iter().enumerate() {
            let first = start + u128::from(member.rel);
            let stop = first + u128::from(member.size);
            let inside = first <= addr && end <= stop && (len > 0 || addr <= stop);
            if inside {
                found = Some((index, (addr - first) as u64));
                if addr < stop {
                    break;
                }
            }
        }
        found
    }

    fn native(&self, member: usize, offset: u64) -> usize {
        self.members[member].base + offset as usize
    }

    fn address(&self, wide: bool, place: Place) -> u64 {
        let start = self.start(wide);
        let clamp = |x: u128| x.min(u128::from(u64::MAX)) as u64;
        match place {
            Place::InMember { member, offset } => {
                let m = &self.members[usize::from(member) % self.members.len()];
                let within = u64::from(offset) % (m.size + 2);
                clamp(start + u128::from(m.rel) + u128::from(within)).wrapping_sub(1)
            }
            Place::BelowStart { back } => clamp(start - 1 - u128::from(back)),
            Place::NearTop { back } => clamp(top(wide) - u128::from(back)),
            Place::Raw(addr) => addr,
        }
    }
}

fn length(len: Len) -> u64 {
    match len {
        Len::Small(n) => u64::from(n),
        Len::Medium(n) => u64::from(n),
        Len::Any(n) => n,
    }
}

/// Builds the chain and the model, runs every operation, and panics (a finding) on the first
/// disagreement.
pub fn run(scenario: &Scenario) {
    let mut specs: Vec<MemberSpec> = scenario.members.iter().take(MAX_MEMBERS).copied().collect();
    if specs.is_empty() {
        specs.push(MemberSpec {
            managed: false,
            pages: 0,
        });
    }
    let mut have_managed = false;
    let mut heaps = Vec::new();
    let mut members = Vec::new();
    let mut rel = 0;
    for spec in specs {
        let size = (u64::from(spec.pages) % 16 + 1) * PAGE;
        let managed = spec.managed && !have_managed;
        have_managed |= managed;
        let heap = if managed {
            Heap::managed(DefaultManagedHeap::new(size as usize).expect("small managed heap"))
        } else {
            Heap::PreAllocated(
                PreAllocatedHeap::from_vec(vec![0; size as usize]).expect("granular buffer"),
            )
        };
        members.push(ModelMember {
            rel,
            size,
            base: heap.base().as_ptr().addr(),
            managed,
            shadow: vec![0; size as usize],
        });
        rel += size;
        heaps.push(heap);
    }
    let mut model = Model {
        members,
        total: rel,
        live: BTreeMap::new(),
        invalid_frees: 0,
    };
    let mut chain = Chain::from_heaps(heaps).expect("a valid shape");
    assert_eq!(chain.total_size(), model.total);
    // One cache per space, and one that switches spaces (and so must empty itself).
    let mut caches = [HitCache::new(), HitCache::new()];
    let mut switching = HitCache::new();

    for op in scenario.ops.iter().take(MAX_OPS) {
        match *op {
            Op::Translate { wide, at, len } => {
                let (addr, len) = (model.address(wide, at), length(len));
                let expected = model.resolve(wide, addr, len);
                let expected_ptr = expected.map(|(m, off)| model.native(m, off));
                let got = chain
                    .translate(space(wide), addr, len)
                    .map(|p| p.as_ptr().addr());
                assert_eq!(got, expected_ptr, "translate {addr:#x}+{len} wide={wide}");
                for cache in [&mut caches[usize::from(wide)], &mut switching] {
                    let mut access = ChainAccess::new(&chain, space(wide), cache).expect("fits");
                    assert_eq!(access.linear_limit() as u128, model.start(wide));
                    let got = access.resolve(addr, len).map(|p| p.as_ptr().addr());
                    assert_eq!(got, expected_ptr, "resolve {addr:#x}+{len} wide={wide}");
                }
                if let Some((m, off)) = expected {
                    let member = &model.members[m];
                    assert!(off + len <= member.size, "pointer range leaves its member");
                }
            }
            Op::Malloc { wide, size } => {
                let got = chain.malloc(space(wide), u64::from(size));
                let Some(managed) = model.managed() else {
                    assert!(got.is_none(), "malloc without a managed member");
                    continue;
                };
                if let Some((app, ptr)) = got {
                    let len = u64::from(size).max(1);
                    let rel = (u128::from(app) - model.start(wide)) as u64;
                    assert_eq!(rel % 8, 0, "malloc alignment");
                    assert!(rel >= managed.rel && rel + len <= managed.rel + managed.size);
                    assert_eq!(
                        ptr.as_ptr().addr(),
                        managed.base + (rel - managed.rel) as usize
                    );
                    let overlaps = model.live.range(..rel + len).next_back();
                    if let Some((&other, &other_len)) = overlaps {
                        assert!(other + other_len <= rel, "block overlaps a live block");
                    }
                    model.live.insert(rel, len);
                }
                check_stats(&chain, &model);
            }
            Op::Free { wide, at } => {
                let addr = model.address(wide, at);
                check_free(&chain, &mut model, wide, addr);
            }
            Op::FreeLive { wide, pick } => {
                let count = model.live.len();
                if count > 0 {
                    let rel = *model
                        .live
                        .keys()
                        .nth(usize::from(pick) % count)
                        .expect("exists");
                    let addr = (model.start(wide) + u128::from(rel)) as u64;
                    check_free(&chain, &mut model, wide, addr);
                }
            }
            Op::Write {
                wide,
                at,
                len,
                byte,
            } => {
                let (addr, len) = (model.address(wide, at), u64::from(len));
                let expected = model.resolve(wide, addr, len);
                let got = chain.translate(space(wide), addr, len);
                assert_eq!(
                    got.map(|p| p.as_ptr().addr()),
                    expected.map(|(m, o)| model.native(m, o))
                );
                if let (Some(ptr), Some((m, off))) = (got, expected) {
                    // SAFETY: the chain vouched for `len` bytes at `ptr`, and the model agrees
                    // they lie inside member `m`, which the chain keeps alive.
                    unsafe { ptr.as_ptr().write_bytes(byte, len as usize) };
                    let off = off as usize;
                    model.members[m].shadow[off..off + len as usize].fill(byte);
                }
            }
            Op::CStr { wide, at } => {
                let addr = model.address(wide, at);
                let expected = model.resolve(wide, addr, 1).and_then(|(m, off)| {
                    let shadow = &model.members[m].shadow[off as usize..];
                    let nul = shadow.iter().position(|&b| b == 0)?;
                    Some((model.native(m, off), nul))
                });
                let got = chain
                    .c_str_at(space(wide), addr)
                    .map(|(p, n)| (p.as_ptr().addr(), n));
                assert_eq!(got, expected, "c_str_at {addr:#x}");
            }
            Op::Reverse {
                wide,
                member,
                offset,
            } => {
                let m = usize::from(member) % model.members.len();
                let member = &model.members[m];
                let off = u64::from(offset) % (member.size + 1);
                let ptr = (member.base + off as usize) as *const u8;
                let expected = (off < member.size)
                    .then(|| (model.start(wide) + u128::from(member.rel + off)) as u64);
                assert_eq!(chain.app_address(space(wide), ptr), expected);
            }
            Op::Reset => {
                chain.reset();
                model.live.clear();
                model.invalid_frees = 0;
                for member in &mut model.members {
                    member.shadow.fill(0);
                }
                check_stats(&chain, &model);
            }
        }
    }
    check_bytes(&chain, &model);
}

/// Frees `addr` and checks the answer and the stats against the model.
fn check_free(chain: &Chain, model: &mut Model, wide: bool, addr: u64) {
    let got = chain.free(space(wide), addr);
    let Some(managed) = model.managed() else {
        assert_eq!(got, Err(FreeError::NoManagedHeap { addr }));
        return;
    };
    let first = model.start(wide) + u128::from(managed.rel);
    let inside = (first..first + u128::from(managed.size)).contains(&u128::from(addr));
    let rel = (u128::from(addr).wrapping_sub(model.start(wide))) as u64;
    let expected = if !inside {
        Err(FreeError::NotInManagedHeap { addr })
    } else if model.live.remove(&rel).is_some() {
        Ok(())
    } else {
        Err(FreeError::NotALiveBlock { addr })
    };
    if expected.is_err() {
        model.invalid_frees += 1;
    }
    assert_eq!(got, expected, "free {addr:#x} wide={wide}");
    check_stats(chain, model);
}

fn check_stats(chain: &Chain, model: &Model) {
    let Some(stats) = chain.stats() else {
        assert!(model.managed().is_none());
        return;
    };
    assert_eq!(stats.live_blocks, model.live.len());
    assert_eq!(stats.invalid_frees, model.invalid_frees);
    let asked: u64 = model.live.values().sum();
    assert!(stats.bytes_in_use as u64 >= asked);
}

/// Every byte of every member reads as the shadow says: translation wrote where it claimed,
/// and the allocator kept its metadata out of the region.
fn check_bytes(chain: &Chain, model: &Model) {
    for member in &model.members {
        let addr = (model.start(true) + u128::from(member.rel)) as u64;
        let ptr = chain
            .translate(AddressSpace::Memory64, addr, member.size)
            .expect("a whole member translates");
        for (i, &want) in member.shadow.iter().enumerate() {
            // SAFETY: `i < size`, inside the member the chain vouched for; raw reads only.
            let byte = unsafe { ptr.as_ptr().add(i).read() };
            assert_eq!(
                byte, want,
                "byte {i} of the member at offset {:#x}",
                member.rel
            );
        }
    }
}

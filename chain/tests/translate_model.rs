//! Property test: for random chains, translation (with and without a warm cache) agrees with a
//! plain model of the address map, for random ranges and at every boundary, in both spaces.

mod common;

use chain::{AddressSpace, Chain, ChainAccess, HitCache, MemberKind, MemoryAccess};
use common::{ModelMap, heap};
use proptest::prelude::*;

const PAGE: usize = 4096;

/// Member shapes, head first: at most one managed (the first one asked for; later requests
/// become pre-allocated). Managed heaps are small; pre-allocated up to 3 MiB.
fn chain_shape() -> impl Strategy<Value = Vec<(MemberKind, usize)>> {
    prop::collection::vec((any::<bool>(), 1usize..=768, 1usize..=16), 1..=8).prop_map(|wanted| {
        let mut have_managed = false;
        wanted
            .into_iter()
            .map(|(want_managed, pre_pages, managed_pages)| {
                if want_managed && !have_managed {
                    have_managed = true;
                    (MemberKind::Managed, managed_pages * PAGE)
                } else {
                    (MemberKind::PreAllocated, pre_pages * PAGE)
                }
            })
            .collect()
    })
}

/// Ranges near the chain (offsets from its start, up to a little past its end), plus
/// arbitrary ones.
fn ranges() -> impl Strategy<Value = Vec<(bool, u64, u64)>> {
    prop::collection::vec(
        (
            any::<bool>(),
            any::<u64>(),
            prop_oneof![0u64..=16, 0u64..=40_000, any::<u64>()],
        ),
        0..64,
    )
}

fn check(shape: &[(MemberKind, usize)], near: &[(bool, u64, u64)]) -> Result<(), TestCaseError> {
    let heaps: Vec<_> = shape.iter().map(|&(kind, size)| heap(kind, size)).collect();
    let models = [AddressSpace::Memory32, AddressSpace::Memory64]
        .map(|space| (space, ModelMap::new(&heaps, space)));
    let chain = Chain::from_heaps(heaps).expect("at most one managed heap, small total");
    for (space, model) in &models {
        let total = chain.total_size();
        let start = model.start() as u64;
        let mut ranges = model.boundary_ranges();
        ranges.extend(near.iter().map(|&(is_near, raw, len)| {
            if is_near {
                // Somewhere from 64 bytes below the start to the top of the space.
                (start.wrapping_sub(64).wrapping_add(raw % (total + 65)), len)
            } else {
                (raw, len)
            }
        }));

        let mut warm_cache = HitCache::new();
        let mut warm = ChainAccess::new(&chain, *space, &mut warm_cache).expect("fits");
        for &(addr, len) in &ranges {
            let expected = model.resolve(addr, len);
            let cold = chain
                .translate(*space, addr, len)
                .map(|p| p.as_ptr().addr());
            prop_assert_eq!(cold, expected, "translate {} {:#x}+{}", space, addr, len);
            let via_warm = warm.resolve(addr, len).map(|p| p.as_ptr().addr());
            prop_assert_eq!(
                via_warm,
                expected,
                "warm resolve {} {:#x}+{}",
                space,
                addr,
                len
            );
            // Then again with the cache primed on every member in turn: still the same answer.
            for &(member_start, _, _) in &model.members {
                prop_assert!(warm.resolve(member_start as u64, 1).is_some());
                let again = warm.resolve(addr, len).map(|p| p.as_ptr().addr());
                prop_assert_eq!(
                    again,
                    expected,
                    "primed resolve {} {:#x}+{}",
                    space,
                    addr,
                    len
                );
            }
            if let Some(native) = expected {
                // Inside its member's region at the right offset (the model derives it from
                // the member's base), and maps back to the same app address.
                let at_right_offset = model.members.iter().any(|&(s, e, base)| {
                    let size = (e - s) as usize;
                    native >= base
                        && native - base + len as usize <= size
                        && (native - base) as u128 == addr as u128 - s
                });
                prop_assert!(
                    at_right_offset,
                    "{:#x} is not at {:#x}'s offset in a member",
                    native,
                    addr
                );
                if len > 0 {
                    let back = chain.app_address(*space, native as *const u8);
                    prop_assert_eq!(back, Some(addr));
                }
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn translation_agrees_with_the_model(shape in chain_shape(), near in ranges()) {
        check(&shape, &near)?;
    }
}

#[test]
fn a_single_member_chain_agrees_with_the_model() {
    check(&[(MemberKind::PreAllocated, PAGE)], &[]).unwrap();
    check(&[(MemberKind::Managed, PAGE)], &[]).unwrap();
}

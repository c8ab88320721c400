//! An Argon2id password hash (the `argon2` crate) with a small memory cost and `n` passes.

use argon2::{Algorithm, Argon2, Params, Version};

bench_entry::export_run!(run);

/// Memory cost in KiB: small, so that the time goes into the compression function rather than
/// into growing memory.
const MEMORY_KIB: u32 = 256;

/// The first eight bytes of the 32-byte Argon2id hash of a fixed password and salt with
/// `max(n, 1)` passes over 256 KiB (0 if the parameters were refused, which they are not).
pub fn run(n: u32) -> u64 {
    let Ok(params) = Params::new(MEMORY_KIB, n.max(1), 1, Some(32)) else {
        return 0;
    };
    let hasher = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
    let mut hash = [0u8; 32];
    if hasher
        .hash_password_into(
            b"correct horse battery staple",
            b"shheap-salt-0001",
            &mut hash,
        )
        .is_err()
    {
        return 0;
    }
    u64::from_le_bytes(hash[..8].try_into().unwrap_or_default())
}

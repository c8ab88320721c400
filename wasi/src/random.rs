//! Where `random_get` takes its bytes: the host's CSPRNG, or a seeded sequence for
//! deterministic tests.

use std::fs::File;
use std::io::{self, Read};

/// A source of random bytes for a module.
pub trait RandomSource: Send {
    /// Fills `buf` completely.
    fn fill(&mut self, buf: &mut [u8]) -> io::Result<()>;
}

/// The kernel's CSPRNG (`/dev/urandom`, which never blocks once seeded).
#[derive(Debug, Default)]
pub struct HostRandom;

impl RandomSource for HostRandom {
    fn fill(&mut self, buf: &mut [u8]) -> io::Result<()> {
        File::open("/dev/urandom")?.read_exact(buf)
    }
}

/// A reproducible, not cryptographic, sequence (SplitMix64) from a seed.
#[derive(Debug, Clone)]
pub struct SeededRandom {
    state: u64,
}

impl SeededRandom {
    /// The sequence this seed starts.
    pub fn new(seed: u64) -> Self {
        SeededRandom { state: seed }
    }

    fn next_word(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

impl RandomSource for SeededRandom {
    fn fill(&mut self, buf: &mut [u8]) -> io::Result<()> {
        for chunk in buf.chunks_mut(8) {
            let word = self.next_word().to_le_bytes();
            chunk.copy_from_slice(&word[..chunk.len()]);
        }
        Ok(())
    }
}

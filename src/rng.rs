//! Deterministic random numbers, derived from the seeds in the spec.
//!
//! albench never uses a global RNG (burn's backends keep a process-global one, which would
//! make results depend on `--jobs`). Every random decision takes an [`Rng`] derived from
//! `(experiment seed, config, repeat, round, purpose)` with [`Rng::derive`]. The generator is
//! xoshiro256++ seeded through SplitMix64: small, fast and stable forever (its output is part
//! of our results, so it must never change with a dependency upgrade).

/// What a derived stream is used for; part of the derivation so streams never collide.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u64)]
pub enum Purpose {
    /// Building the dataset splits (pool / validation / test sampling, transforms).
    Data = 1,
    /// The random base set of a repeat (shared by every configuration).
    BaseSet = 2,
    /// Parameter initialisation of a model.
    Init = 3,
    /// Mini-batch order and dropout masks during training.
    Train = 4,
    /// Scorers that draw (random scorer, MC-dropout masks).
    Score = 5,
    /// Samplers that draw (random, top_third).
    Select = 6,
    /// The train / test splits of the A/B protocol's selections (`loop.ab`).
    AbSplit = 7,
    /// Resampling in the report's statistics (bootstrap intervals); seeded by constants, so
    /// a report is a function of its results.
    Bootstrap = 8,
}

/// xoshiro256++ generator.
#[derive(Clone, Debug)]
pub struct Rng {
    s: [u64; 4],
}

fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    /// A generator from one 64-bit seed.
    pub fn new(seed: u64) -> Self {
        let mut sm = seed;
        let s = [
            splitmix64(&mut sm),
            splitmix64(&mut sm),
            splitmix64(&mut sm),
            splitmix64(&mut sm),
        ];
        Rng { s }
    }

    /// A generator for one purpose, derived from a root seed and a path of integers
    /// (e.g. `[config hash, repeat, round]`). Different paths give independent streams.
    pub fn derive(seed: u64, purpose: Purpose, path: &[u64]) -> Self {
        let mut h = seed ^ 0xA076_1D64_78BD_642F;
        let mut mix = |v: u64| {
            h ^= v;
            let mut st = h;
            h = splitmix64(&mut st);
        };
        mix(purpose as u64);
        for &p in path {
            mix(p);
        }
        Rng::new(h)
    }

    /// Next 64 random bits.
    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        let result = (self.s[0].wrapping_add(self.s[3]))
            .rotate_left(23)
            .wrapping_add(self.s[0]);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform in [0, 1) with 53 bits of precision.
    #[inline]
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in [lo, hi).
    #[inline]
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.uniform()
    }

    /// Uniform integer in [0, n). `n` must be > 0. Unbiased (Lemire's method).
    #[inline]
    pub fn below(&mut self, n: usize) -> usize {
        debug_assert!(n > 0);
        let n = n as u64;
        let mut m = (self.next_u64() as u128) * (n as u128);
        if (m as u64) < n {
            let t = n.wrapping_neg() % n;
            while (m as u64) < t {
                m = (self.next_u64() as u128) * (n as u128);
            }
        }
        (m >> 64) as usize
    }

    /// Standard normal draw (Box–Muller; one value per call, the pair's second is dropped
    /// to keep the stream position independent of call history).
    #[inline]
    pub fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.uniform(); // (0, 1]
        let u2 = self.uniform();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// True with probability `p`.
    #[inline]
    pub fn bernoulli(&mut self, p: f64) -> bool {
        self.uniform() < p
    }

    /// Fisher–Yates shuffle in place.
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }

    /// `k` distinct values from `0..n`, in random order (partial Fisher–Yates; O(n) memory).
    pub fn sample_indices(&mut self, n: usize, k: usize) -> Vec<usize> {
        let k = k.min(n);
        let mut all: Vec<usize> = (0..n).collect();
        for i in 0..k {
            let j = i + self.below(n - i);
            all.swap(i, j);
        }
        all.truncate(k);
        all
    }
}

/// FNV-1a 64-bit hash: specified bit for bit, so the ids and seeds derived from it never
/// change with a dependency upgrade.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_known_vectors() {
        // Published FNV-1a 64 test vectors.
        assert_eq!(fnv1a64(b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a64(b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x85944171f73967e8);
    }

    #[test]
    fn same_seed_same_stream_and_paths_differ() {
        let mut a = Rng::derive(7, Purpose::Train, &[1, 2]);
        let mut b = Rng::derive(7, Purpose::Train, &[1, 2]);
        let mut c = Rng::derive(7, Purpose::Train, &[2, 1]);
        let xa: Vec<u64> = (0..4).map(|_| a.next_u64()).collect();
        let xb: Vec<u64> = (0..4).map(|_| b.next_u64()).collect();
        let xc: Vec<u64> = (0..4).map(|_| c.next_u64()).collect();
        assert_eq!(xa, xb);
        assert_ne!(xa, xc);
    }

    #[test]
    fn below_is_in_range_and_roughly_uniform() {
        let mut r = Rng::new(1);
        let mut counts = [0usize; 5];
        for _ in 0..50_000 {
            counts[r.below(5)] += 1;
        }
        for c in counts {
            assert!((9_000..11_000).contains(&c), "{counts:?}");
        }
    }

    #[test]
    fn normal_has_unit_moments() {
        let mut r = Rng::new(3);
        let xs: Vec<f64> = (0..100_000).map(|_| r.normal()).collect();
        let m = xs.iter().sum::<f64>() / xs.len() as f64;
        let v = xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / xs.len() as f64;
        assert!(m.abs() < 0.02 && (v - 1.0).abs() < 0.02, "{m} {v}");
    }

    #[test]
    fn sample_indices_distinct() {
        let mut r = Rng::new(5);
        let mut s = r.sample_indices(100, 30);
        assert_eq!(s.len(), 30);
        s.sort();
        s.dedup();
        assert_eq!(s.len(), 30);
        assert!(s.iter().all(|&i| i < 100));
    }
}

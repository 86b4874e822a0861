//! `model.init_scheme`: how a built-in model's layers draw their initial weights and biases,
//! from albench's RNG (never burn's). Frameworks differ here, and the difference shows in
//! accuracy and epochs to early stopping, so a reproduction can pick the framework its
//! source used:
//!
//! | scheme | weights U(−b, b) | biases |
//! |---|---|---|
//! | `he_uniform` (default) | b = √(6 / fan_in) | 0 |
//! | `pytorch` | b = 1 / √fan_in (`kaiming_uniform_(a = √5)`) | U(−1/√fan_in, 1/√fan_in) |
//! | `keras` | b = √(6 / (fan_in + fan_out)) (`glorot_uniform`) | 0 |
//!
//! fan_in / fan_out: a linear layer `[d_in] → [d_out]` has d_in / d_out; a `k × k`
//! convolution c_in → c_out has c_in·k² / c_out·k²; a transposed convolution (weights
//! `[c_in, c_out, k, k]`) has c_out·k² / c_in·k², as PyTorch computes them from the weight's
//! shape. A layer draws its weights (in burn's layout order), then its biases when the scheme
//! draws them: the default draws exactly what albench drew before the key existed.
//!
//! The scheme in force is the current thread's: [`with_scheme`] sets it while a model is
//! built (the ensemble's members, the VAE, a pretrained baseline), and layers read it.

use std::cell::Cell;

use serde::{Deserialize, Serialize};

use crate::rng::Rng;

/// A framework's default initialisation (`model.init_scheme`).
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum InitScheme {
    /// He-uniform weights √(6 / fan_in), zero biases (albench's own).
    #[default]
    HeUniform,
    /// PyTorch's `Linear` / `Conv2d` defaults: weights and biases U(±1/√fan_in).
    Pytorch,
    /// Keras' `Dense` / `Conv2D` defaults: Glorot-uniform weights, zero biases.
    Keras,
}

impl InitScheme {
    /// Every scheme, in documentation order.
    pub const ALL: [InitScheme; 3] = [
        InitScheme::HeUniform,
        InitScheme::Pytorch,
        InitScheme::Keras,
    ];

    /// The spec name (`he_uniform`, `pytorch`, `keras`).
    pub fn name(self) -> &'static str {
        match self {
            InitScheme::HeUniform => "he_uniform",
            InitScheme::Pytorch => "pytorch",
            InitScheme::Keras => "keras",
        }
    }

    /// Whether this is the default (`he_uniform`): the resolved spec then omits the key.
    pub fn is_default(&self) -> bool {
        *self == InitScheme::HeUniform
    }

    /// Bound b of the weights' U(−b, b) for a layer of `fan_in` inputs and `fan_out`
    /// outputs per weight (both ≥ 1).
    pub fn weight_bound(self, fan_in: usize, fan_out: usize) -> f64 {
        match self {
            InitScheme::HeUniform => (6.0 / fan_in as f64).sqrt(),
            // kaiming_uniform_(a = √5): gain √(2 / (1 + 5)), bound gain·√(3 / fan_in)
            InitScheme::Pytorch => 1.0 / (fan_in as f64).sqrt(),
            InitScheme::Keras => (6.0 / (fan_in + fan_out) as f64).sqrt(),
        }
    }

    /// Bound of the biases' U(−b, b), or `None` for zero biases.
    pub fn bias_bound(self, fan_in: usize) -> Option<f64> {
        match self {
            InitScheme::Pytorch => Some(1.0 / (fan_in as f64).sqrt()),
            InitScheme::HeUniform | InitScheme::Keras => None,
        }
    }

    /// `n` weights of a layer with fans `fan_in`, `fan_out`, drawn from `rng`.
    pub fn weights(self, rng: &mut Rng, n: usize, fan_in: usize, fan_out: usize) -> Vec<f32> {
        uniform(rng, n, self.weight_bound(fan_in, fan_out))
    }

    /// `n` biases of a layer with `fan_in` inputs per output: drawn from `rng` after the
    /// weights, or zeros (nothing drawn).
    pub fn biases(self, rng: &mut Rng, n: usize, fan_in: usize) -> Vec<f32> {
        match self.bias_bound(fan_in) {
            Some(b) => uniform(rng, n, b),
            None => vec![0.0; n],
        }
    }
}

fn uniform(rng: &mut Rng, n: usize, bound: f64) -> Vec<f32> {
    (0..n).map(|_| rng.range(-bound, bound) as f32).collect()
}

thread_local! {
    static SCHEME: Cell<InitScheme> = const { Cell::new(InitScheme::HeUniform) };
}

/// The scheme layers built on this thread draw with now.
pub fn current() -> InitScheme {
    SCHEME.with(Cell::get)
}

/// Puts the previous scheme back when dropped (also when `f` panics).
struct Restore(InitScheme);

impl Drop for Restore {
    fn drop(&mut self) {
        SCHEME.with(|s| s.set(self.0));
    }
}

/// Run `f` (which builds a model) with `scheme` in force on this thread.
pub fn with_scheme<T>(scheme: InitScheme, f: impl FnOnce() -> T) -> T {
    let _restore = Restore(SCHEME.with(|s| s.replace(scheme)));
    f()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_are_the_frameworks() {
        // fan_in 4, fan_out 8: He √(6/4) = 1.2247…, PyTorch 1/√4 = 0.5, Keras √(6/12) = 0.7071…
        let he = InitScheme::HeUniform.weight_bound(4, 8);
        assert!((he - 1.224_744_871).abs() < 1e-9, "{he}");
        assert_eq!(InitScheme::Pytorch.weight_bound(4, 8), 0.5);
        assert_eq!(InitScheme::Pytorch.bias_bound(4), Some(0.5));
        let keras = InitScheme::Keras.weight_bound(4, 8);
        assert!((keras - 0.5f64.sqrt()).abs() < 1e-12, "{keras}");
        assert_eq!(InitScheme::HeUniform.bias_bound(4), None);
        assert_eq!(InitScheme::Keras.bias_bound(4), None);
    }

    /// Draws lie within ±b and fill it: with 20,000 draws the extremes come within 1 % of b.
    #[test]
    fn draws_lie_in_and_fill_the_bounds() {
        for s in InitScheme::ALL {
            let w = s.weights(&mut Rng::new(3), 20_000, 4, 8);
            let b = s.weight_bound(4, 8) as f32;
            let (lo, hi) = w
                .iter()
                .fold((f32::MAX, f32::MIN), |(l, h), &x| (l.min(x), h.max(x)));
            assert!(lo >= -b && hi <= b, "{s:?}: [{lo}, {hi}] outside ±{b}");
            assert!(
                lo < -0.99 * b && hi > 0.99 * b,
                "{s:?}: [{lo}, {hi}] does not fill ±{b}"
            );
            let bias = s.biases(&mut Rng::new(4), 20_000, 4);
            match s.bias_bound(4) {
                Some(bb) => {
                    let bb = bb as f32;
                    let lo = bias.iter().cloned().fold(f32::MAX, f32::min);
                    let hi = bias.iter().cloned().fold(f32::MIN, f32::max);
                    assert!(lo >= -bb && hi <= bb && lo < -0.99 * bb && hi > 0.99 * bb);
                }
                None => assert!(bias.iter().all(|&x| x == 0.0)),
            }
        }
    }

    #[test]
    fn draws_follow_the_seed_and_zero_biases_draw_nothing() {
        for s in InitScheme::ALL {
            let (mut a, mut b) = (Rng::new(9), Rng::new(9));
            assert_eq!(s.weights(&mut a, 50, 3, 5), s.weights(&mut b, 50, 3, 5));
            assert_ne!(
                s.weights(&mut a, 50, 3, 5),
                s.weights(&mut Rng::new(10), 50, 3, 5)
            );
        }
        // he_uniform and keras leave the stream where the weights left it
        let mut r = Rng::new(1);
        InitScheme::Keras.biases(&mut r, 10, 3);
        assert_eq!(r.next_u64(), Rng::new(1).next_u64());
    }

    #[test]
    fn the_scheme_is_scoped_to_the_build() {
        assert_eq!(current(), InitScheme::HeUniform);
        let inside = with_scheme(InitScheme::Keras, || {
            with_scheme(InitScheme::Pytorch, current)
        });
        assert_eq!(inside, InitScheme::Pytorch);
        assert_eq!(current(), InitScheme::HeUniform);
        let r = std::panic::catch_unwind(|| with_scheme(InitScheme::Keras, || panic!("x")));
        assert!(r.is_err());
        assert_eq!(current(), InitScheme::HeUniform, "restored after a panic");
    }

    #[test]
    fn names_round_trip_through_the_spec() {
        for s in InitScheme::ALL {
            let v: InitScheme = serde_json::from_value(serde_json::json!(s.name())).unwrap();
            assert_eq!(v, s);
        }
    }
}

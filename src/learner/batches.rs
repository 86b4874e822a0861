//! Which samples each optimizer step sees: the epoch order (acquisition order, or reshuffled
//! every epoch, thesis 4.1.1) cut into mini-batches, either one pass per epoch or a fixed
//! number of steps cycling through the labeled set (thesis 4.1.2). Pure: no burn.

use crate::rng::Rng;

/// The batching of one round's training.
#[derive(Clone, Debug)]
pub struct Batches {
    order: Vec<usize>,
    batch: usize,
    steps: usize,
    cycle: bool,
    cursor: usize,
}

impl Batches {
    /// Batches over `train` (acquisition order, non-empty) of at most `batch_size` samples:
    /// `steps_per_epoch = 0` is one pass per epoch (the last batch may be short), `N > 0` is
    /// exactly `N` full batches per epoch, wrapping around the labeled set.
    pub fn new(train: &[usize], batch_size: usize, steps_per_epoch: usize) -> Batches {
        let batch = batch_size.min(train.len()).max(1);
        Batches {
            order: train.to_vec(),
            batch,
            steps: if steps_per_epoch == 0 {
                train.len().div_ceil(batch)
            } else {
                steps_per_epoch
            },
            cycle: steps_per_epoch > 0,
            cursor: 0,
        }
    }

    /// Optimizer steps per epoch.
    pub fn steps(&self) -> usize {
        self.steps
    }

    /// Start an epoch: reshuffle the order from `rng` when asked (else keep the previous
    /// order: acquisition order when never shuffled), and restart at its beginning.
    pub fn start_epoch(&mut self, reshuffle: bool, rng: &mut Rng) {
        if reshuffle {
            rng.shuffle(&mut self.order);
        }
        self.cursor = 0;
    }

    /// Fill `out` with the next batch of the epoch.
    pub fn next_into(&mut self, out: &mut Vec<usize>) {
        out.clear();
        while out.len() < self.batch {
            if self.cursor == self.order.len() {
                if !self.cycle {
                    break;
                }
                self.cursor = 0;
            }
            out.push(self.order[self.cursor]);
            self.cursor += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn epoch(b: &mut Batches, reshuffle: bool, rng: &mut Rng) -> Vec<Vec<usize>> {
        b.start_epoch(reshuffle, rng);
        let mut out = Vec::new();
        let mut batch = Vec::new();
        for _ in 0..b.steps() {
            b.next_into(&mut batch);
            out.push(batch.clone());
        }
        out
    }

    const IDS: [usize; 10] = [7, 3, 9, 0, 5, 1, 8, 2, 6, 4];

    #[test]
    fn one_pass_in_acquisition_order() {
        let mut b = Batches::new(&IDS, 4, 0);
        assert_eq!(b.steps(), 3);
        let e = epoch(&mut b, false, &mut Rng::new(1));
        assert_eq!(e, vec![vec![7, 3, 9, 0], vec![5, 1, 8, 2], vec![6, 4]]);
        // The next epoch without reshuffling is the same.
        assert_eq!(epoch(&mut b, false, &mut Rng::new(2)), e);
    }

    #[test]
    fn fixed_steps_run_exactly_n_full_batches_cycling() {
        let mut b = Batches::new(&IDS, 4, 5);
        assert_eq!(b.steps(), 5);
        let e = epoch(&mut b, false, &mut Rng::new(1));
        assert_eq!(
            e,
            vec![
                vec![7, 3, 9, 0],
                vec![5, 1, 8, 2],
                vec![6, 4, 7, 3],
                vec![9, 0, 5, 1],
                vec![8, 2, 6, 4]
            ]
        );
    }

    #[test]
    fn reshuffle_changes_the_order_and_only_the_order() {
        let mut b = Batches::new(&IDS, 4, 0);
        let plain = epoch(&mut b, false, &mut Rng::new(1));
        let mut s = Batches::new(&IDS, 4, 0);
        let shuffled = epoch(&mut s, true, &mut Rng::new(1));
        assert_ne!(plain, shuffled);
        // Same batch sizes, same samples.
        let sizes = |e: &[Vec<usize>]| e.iter().map(Vec::len).collect::<Vec<_>>();
        assert_eq!(sizes(&plain), sizes(&shuffled));
        let mut a: Vec<usize> = shuffled.concat();
        a.sort_unstable();
        assert_eq!(a, (0..10).collect::<Vec<_>>());
        // The same stream gives the same order; each epoch draws a new one.
        let mut s2 = Batches::new(&IDS, 4, 0);
        let mut rng = Rng::new(1);
        assert_eq!(epoch(&mut s2, true, &mut rng), shuffled);
        assert_ne!(epoch(&mut s2, true, &mut rng), shuffled);
    }

    #[test]
    fn a_batch_larger_than_the_set_is_the_set() {
        let mut b = Batches::new(&[4, 2], 64, 0);
        assert_eq!(epoch(&mut b, false, &mut Rng::new(0)), vec![vec![4, 2]]);
    }
}

//! Ranks of methods within one experiment and their macro-average over experiments (the
//! cross-experiment verdict of Ash et al. 2020 and Lüth et al. 2023).

/// Rank of each value, 1 = best (the highest when `higher_is_better`), tied values sharing
/// the mean of their ranks; `None` (a method absent from the experiment) and NaN get no rank.
pub fn ranks(values: &[Option<f64>], higher_is_better: bool) -> Vec<Option<f64>> {
    let mut order: Vec<usize> = (0..values.len())
        .filter(|&i| values[i].is_some_and(|v| !v.is_nan()))
        .collect();
    let key = |i: usize| {
        let v = values[i].expect("filtered");
        if higher_is_better {
            -v
        } else {
            v
        }
    };
    order.sort_by(|&a, &b| key(a).total_cmp(&key(b)).then(a.cmp(&b)));
    let mut out = vec![None; values.len()];
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && key(order[end]) == key(order[start]) {
            end += 1;
        }
        // Positions start..end (0-based) share ranks start+1 ..= end: their mean.
        let shared = (start + 1 + end) as f64 / 2.0;
        for &i in &order[start..end] {
            out[i] = Some(shared);
        }
        start = end;
    }
    out
}

/// Per method, the mean of its ranks over the experiments where it has one
/// (`per_experiment[e][m]`); `None` when it has none.
pub fn macro_mean(per_experiment: &[Vec<Option<f64>>], methods: usize) -> Vec<Option<f64>> {
    (0..methods)
        .map(|m| {
            let got: Vec<f64> = per_experiment
                .iter()
                .filter_map(|e| e.get(m).copied().flatten())
                .collect();
            (!got.is_empty()).then(|| got.iter().sum::<f64>() / got.len() as f64)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_share_the_mean_rank() {
        // 0.9 best → 1; the two 0.8 share ranks 2 and 3 → 2.5; 0.1 → 4; absent → None.
        let v = [Some(0.8), Some(0.9), None, Some(0.1), Some(0.8)];
        assert_eq!(
            ranks(&v, true),
            vec![Some(2.5), Some(1.0), None, Some(4.0), Some(2.5)]
        );
        // Lower is better (a loss): 0.1 → 1, 0.8s → 2.5, 0.9 → 4.
        assert_eq!(
            ranks(&v, false),
            vec![Some(2.5), Some(4.0), None, Some(1.0), Some(2.5)]
        );
    }

    #[test]
    fn macro_mean_over_the_experiments_present() {
        // Method 0: ranks 1 and 3 → 2; method 1: 2 only → 2; method 2: none.
        let e = vec![
            vec![Some(1.0), Some(2.0), None],
            vec![Some(3.0), None, None],
        ];
        assert_eq!(macro_mean(&e, 3), vec![Some(2.0), Some(2.0), None]);
    }
}

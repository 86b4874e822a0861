//! `--shard auto`: the shard index and count of this process, from the scheduler's
//! environment.
//!
//! - Slurm job array: index `SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN` (MIN defaults to 0),
//!   count `SLURM_ARRAY_TASK_COUNT` or `MAX − MIN + 1` (the array must be contiguous: both,
//!   when set, must agree).
//! - Kubernetes Indexed Job: index `JOB_COMPLETION_INDEX`; the count is not in a pod's
//!   environment, so it comes from `--shard auto/N` or `ALBENCH_SHARDS` (set it to the Job's
//!   `completions`).
//!
//! A count given on the command line or in `ALBENCH_SHARDS` must agree with Slurm's.

/// A parsed `--shard` value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShardArg {
    /// `I/N`: index and count.
    Fixed(usize, usize),
    /// `auto` or `auto/N`: from the environment, with an optional count.
    Auto(Option<usize>),
}

/// Parse `I/N`, `auto` or `auto/N`; the error is one line naming the flag.
pub fn parse_shard_arg(s: &str) -> Result<ShardArg, String> {
    let bad = || format!("--shard {s}: expected I/N with 0 ≤ I < N (e.g. 0/4), auto, or auto/N");
    let (i, n) = match s.split_once('/') {
        Some((i, n)) => (i.trim(), Some(n.trim())),
        None => (s.trim(), None),
    };
    let n: Option<usize> = match n {
        Some(n) => Some(n.parse().ok().filter(|&n| n > 0).ok_or_else(bad)?),
        None => None,
    };
    if i == "auto" {
        return Ok(ShardArg::Auto(n));
    }
    let index: usize = i.parse().map_err(|_| bad())?;
    match n {
        Some(count) if index < count => Ok(ShardArg::Fixed(index, count)),
        _ => Err(bad()),
    }
}

/// `(index, count)` of this process from the environment `get` (see the module doc);
/// `count` is the `N` of `--shard auto/N`. The error is one line saying what is missing or
/// which values disagree.
pub fn shard_from_env(
    get: &dyn Fn(&str) -> Option<String>,
    count: Option<usize>,
) -> Result<(usize, usize), String> {
    let num = |k: &str| -> Result<Option<usize>, String> {
        match get(k) {
            None => Ok(None),
            Some(v) if v.trim().is_empty() => Ok(None),
            Some(v) => v
                .trim()
                .parse()
                .map(Some)
                .map_err(|_| format!("--shard auto: {k}={v} is not a non-negative integer")),
        }
    };
    let mut counts: Vec<(String, usize)> = Vec::new();
    if let Some(n) = count {
        counts.push(("--shard auto/N".into(), n));
    }
    if let Some(n) = num("ALBENCH_SHARDS")? {
        counts.push(("ALBENCH_SHARDS".into(), n));
    }
    let (index, source) = if let Some(id) = num("SLURM_ARRAY_TASK_ID")? {
        let min = num("SLURM_ARRAY_TASK_MIN")?.unwrap_or(0);
        if let Some(n) = num("SLURM_ARRAY_TASK_COUNT")? {
            counts.push(("SLURM_ARRAY_TASK_COUNT".into(), n));
        }
        if let Some(max) = num("SLURM_ARRAY_TASK_MAX")? {
            if max < min {
                return Err(format!(
                    "--shard auto: SLURM_ARRAY_TASK_MAX={max} < SLURM_ARRAY_TASK_MIN={min}"
                ));
            }
            counts.push(("SLURM_ARRAY_TASK_MAX−MIN+1".into(), max - min + 1));
        }
        if id < min {
            return Err(format!(
                "--shard auto: SLURM_ARRAY_TASK_ID={id} < SLURM_ARRAY_TASK_MIN={min}"
            ));
        }
        (id - min, "SLURM_ARRAY_TASK_ID")
    } else if let Some(i) = num("JOB_COMPLETION_INDEX")? {
        (i, "JOB_COMPLETION_INDEX")
    } else {
        return Err("--shard auto: neither SLURM_ARRAY_TASK_ID (Slurm job array) nor JOB_COMPLETION_INDEX (Kubernetes Indexed Job) is set; outside a job array use --shard I/N".into());
    };
    let Some((first, n)) = counts.first().cloned() else {
        return Err(format!("--shard auto: {source} is set but not the number of shards: give it as --shard auto/N or ALBENCH_SHARDS=N"));
    };
    if let Some((other, m)) = counts.iter().find(|(_, m)| *m != n) {
        return Err(format!(
            "--shard auto: the shard counts disagree: {first}={n}, {other}={m} (a Slurm array must be contiguous, e.g. --array=0-{})",
            n.max(1) - 1
        ));
    }
    if n == 0 || index >= n {
        return Err(format!(
            "--shard auto: index {index} (from {source}) is not below the shard count {n} (from {first})"
        ));
    }
    Ok((index, n))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let v: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| v.iter().find(|(a, _)| a == k).map(|(_, b)| b.clone())
    }

    #[test]
    fn parses_fixed_and_auto() {
        assert_eq!(parse_shard_arg("1/4"), Ok(ShardArg::Fixed(1, 4)));
        assert_eq!(parse_shard_arg("auto"), Ok(ShardArg::Auto(None)));
        assert_eq!(parse_shard_arg("auto/3"), Ok(ShardArg::Auto(Some(3))));
        for bad in ["4/4", "x/2", "auto/0", "1", "auto/x", "1/0"] {
            assert!(parse_shard_arg(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn slurm_arrays_give_index_and_count() {
        let e = env(&[
            ("SLURM_ARRAY_TASK_ID", "2"),
            ("SLURM_ARRAY_TASK_COUNT", "3"),
        ]);
        assert_eq!(shard_from_env(&e, None), Ok((2, 3)));
        let e = env(&[
            ("SLURM_ARRAY_TASK_ID", "5"),
            ("SLURM_ARRAY_TASK_MIN", "4"),
            ("SLURM_ARRAY_TASK_MAX", "6"),
        ]);
        assert_eq!(shard_from_env(&e, None), Ok((1, 3)));
        assert_eq!(shard_from_env(&e, Some(3)), Ok((1, 3)));
        let err = shard_from_env(&e, Some(4)).unwrap_err();
        assert!(err.contains("disagree"), "{err}");
        // a stepped array (0-4:2): COUNT 3, MAX−MIN+1 5
        let e = env(&[
            ("SLURM_ARRAY_TASK_ID", "2"),
            ("SLURM_ARRAY_TASK_COUNT", "3"),
            ("SLURM_ARRAY_TASK_MIN", "0"),
            ("SLURM_ARRAY_TASK_MAX", "4"),
        ]);
        assert!(shard_from_env(&e, None).unwrap_err().contains("contiguous"));
    }

    #[test]
    fn kubernetes_needs_a_count_and_nothing_set_is_an_error() {
        let e = env(&[("JOB_COMPLETION_INDEX", "1")]);
        assert!(shard_from_env(&e, None)
            .unwrap_err()
            .contains("ALBENCH_SHARDS"));
        assert_eq!(shard_from_env(&e, Some(2)), Ok((1, 2)));
        let e = env(&[("JOB_COMPLETION_INDEX", "2"), ("ALBENCH_SHARDS", "2")]);
        assert!(shard_from_env(&e, None).unwrap_err().contains("not below"));
        let err = shard_from_env(&env(&[]), None).unwrap_err();
        assert!(err.contains("SLURM_ARRAY_TASK_ID") && !err.contains('\n'));
        let e = env(&[("SLURM_ARRAY_TASK_ID", "x")]);
        assert!(shard_from_env(&e, None)
            .unwrap_err()
            .contains("SLURM_ARRAY_TASK_ID=x"));
    }
}

//! `expert`: an emulation of manual selection (NVIDIA Sec. V: manual selection "typically
//! resorts to selecting sub-sequences of many images within a video sequence"). Within each
//! recorded sequence, the maximal runs of consecutive frames in which a target class
//! (`query.classes`) is visible are the units a person would pick; whole runs are taken in a
//! random order (the select stream: the person's arbitrary choice) until N images are chosen,
//! the last run cut short. If the runs hold fewer than N images, the rest is drawn uniformly
//! from the remaining candidates. Scores are not used; combine it with `data.filter` for the
//! paper's metadata shortlist.

use crate::pool::PoolPosition;
use crate::rng::Rng;

/// Choose `n` positions. `sequence[i]`, `frame[i]`: the candidate's recording and frame;
/// `visible[i]`: whether a target class is in it.
pub fn expert(
    sequence: &[u32],
    frame: &[u32],
    visible: &[bool],
    n: usize,
    rng: &mut Rng,
) -> Vec<PoolPosition> {
    let len = sequence.len();
    let n = n.min(len);
    // candidates with a visible target, ordered by (sequence, frame)
    let mut order: Vec<usize> = (0..len).filter(|&i| visible[i]).collect();
    order.sort_by_key(|&i| (sequence[i], frame[i], i));
    // maximal runs of consecutive frames of one sequence
    let mut runs: Vec<Vec<usize>> = Vec::new();
    for &i in &order {
        match runs.last_mut() {
            Some(run) => {
                let last = *run.last().expect("runs are never empty");
                if sequence[last] == sequence[i] && frame[i] == frame[last] + 1 {
                    run.push(i);
                } else {
                    runs.push(vec![i]);
                }
            }
            None => runs.push(vec![i]),
        }
    }
    rng.shuffle(&mut runs);
    let mut out = Vec::with_capacity(n);
    let mut taken = vec![false; len];
    for run in runs {
        for i in run {
            if out.len() == n {
                return out;
            }
            taken[i] = true;
            out.push(PoolPosition(i));
        }
    }
    let mut rest: Vec<usize> = (0..len).filter(|&i| !taken[i]).collect();
    rng.shuffle(&mut rest);
    out.extend(rest.into_iter().take(n - out.len()).map(PoolPosition));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_runs_of_visible_frames_first() {
        // sequence 0: frames 0–5, target visible in 1, 2, 3 and 5 → runs [1, 2, 3], [5];
        // sequence 1: frames 0–2 (positions 6–8), visible in 0, 1 → run [6, 7]
        let sequence = [0, 0, 0, 0, 0, 0, 1, 1, 1];
        let frame = [0, 1, 2, 3, 4, 5, 0, 1, 2];
        let visible = [false, true, true, true, false, true, true, true, false];
        for seed in 0..10 {
            let got: Vec<usize> = expert(&sequence, &frame, &visible, 6, &mut Rng::new(seed))
                .into_iter()
                .map(|p| p.0)
                .collect();
            // all 6 visible frames, each run contiguous in the output
            let mut s = got.clone();
            s.sort_unstable();
            assert_eq!(s, vec![1, 2, 3, 5, 6, 7], "seed {seed}");
            let at = |x: usize| got.iter().position(|&g| g == x).unwrap();
            assert!(at(2) == at(1) + 1 && at(3) == at(2) + 1 && at(7) == at(6) + 1);
        }
        // more than the visible frames: filled with the others
        let got = expert(&sequence, &frame, &visible, 8, &mut Rng::new(1));
        assert_eq!(got.len(), 8);
        // fewer: runs cut short, still contiguous from their start
        let got: Vec<usize> = expert(&sequence, &frame, &visible, 2, &mut Rng::new(3))
            .into_iter()
            .map(|p| p.0)
            .collect();
        assert!(
            matches!(got.as_slice(), [1, 2] | [5, 1] | [5, 6] | [6, 7]),
            "{got:?}"
        );
    }

    #[test]
    fn runs_are_maximal_and_ordered_by_frame_then_filled() {
        // position: (sequence, frame, target visible)
        //   0: (2, 5, yes)  1: (2, 4, yes)  2: (2, 6, yes)
        //   3: (3, 7, yes)  4: (2, 8, yes)  5: (3, 1, no)
        // ordered by (sequence, frame): 1, 0, 2, 4 in sequence 2 (frame 7 missing: 4 starts a
        // new run), then 3 in sequence 3 → runs [1, 0, 2], [4], [3]. The select stream
        // shuffles the runs; the one invisible candidate (5) comes last.
        let sequence = [2, 2, 2, 3, 2, 3];
        let frame = [5, 4, 6, 7, 8, 1];
        let visible = [true, true, true, true, true, false];
        for seed in 0..8 {
            let mut runs = vec![vec![1, 0, 2], vec![4], vec![3]];
            let mut rng = Rng::new(seed);
            rng.shuffle(&mut runs);
            let mut want = runs.concat();
            want.push(5);
            for n in [6, 3, 1] {
                let got: Vec<usize> = expert(&sequence, &frame, &visible, n, &mut Rng::new(seed))
                    .into_iter()
                    .map(|p| p.0)
                    .collect();
                assert_eq!(got, want[..n], "seed {seed}, n {n}");
            }
        }
        // a frame number that continues another sequence's run does not join it
        let got: Vec<usize> = expert(&[0, 1], &[3, 4], &[true, true], 2, &mut Rng::new(0))
            .into_iter()
            .map(|p| p.0)
            .collect();
        let mut runs = vec![vec![0], vec![1]];
        Rng::new(0).shuffle(&mut runs);
        assert_eq!(got, runs.concat());
    }
}

//! Determinism, annotations, sequences, night and class weights of the scenes generator.

use super::*;

#[test]
fn deterministic_annotated_and_in_range() {
    let p = SceneParams::default();
    let a = generate_scenes(64, &p, 3, 0);
    let b = generate_scenes(64, &p, 3, 0);
    assert_eq!(a.pixels_f32(), b.pixels_f32());
    assert_eq!(a.objects, b.objects);
    assert_ne!(a.pixels_f32(), generate_scenes(64, &p, 3, 1).pixels_f32());
    assert_eq!(
        (a.len(), a.channels, a.height, a.objects.len(), a.meta.len()),
        (64, 3, 96, 64, 64)
    );
    assert!(a.pixels_f32().iter().all(|v| (0.0..=1.0).contains(v)));
    for objs in &a.objects {
        for o in objs {
            let b = o.bbox;
            assert!(
                b.x >= 0.0 && b.y >= 0.0 && b.x + b.w <= 96.0 + 1e-9 && b.y + b.h <= 96.0 + 1e-9,
                "{b:?}"
            );
            assert!(b.w >= 2.0 && b.h >= 2.0);
        }
    }
    // sequences of 8 frames, numbered
    assert_eq!((a.meta[9].sequence, a.meta[9].frame), (1, 1));
    assert!(a
        .meta
        .chunks(8)
        .all(|s| s.iter().all(|m| m.night == s[0].night)));
}

#[test]
fn frames_of_a_sequence_are_near_duplicates_and_night_is_dark() {
    let p = SceneParams {
        night: 0.5,
        ..SceneParams::default()
    };
    let a = generate_scenes(160, &p, 8, 0);
    let dist = |i: usize, j: usize| -> f32 {
        let (x, y) = (a.image(i), a.image(j));
        x.iter()
            .zip(y.iter())
            .map(|(u, v)| (u - v).abs())
            .sum::<f32>()
            / x.len() as f32
    };
    let (mut within, mut across) = (0.0, 0.0);
    for s in 0..20 {
        within += dist(8 * s, 8 * s + 1);
        across += dist(8 * s, 8 * ((s + 1) % 20));
    }
    assert!(within < 0.5 * across, "within {within} across {across}");
    let mean = |i: usize| a.image(i).iter().sum::<f32>() / a.image(i).len() as f32;
    let (night, day): (Vec<usize>, Vec<usize>) = (0..160).partition(|&i| a.meta[i].night);
    assert!(!night.is_empty() && !day.is_empty());
    let avg = |v: &[usize]| v.iter().map(|&i| mean(i)).sum::<f32>() / v.len() as f32;
    assert!(avg(&night) < 0.5 * avg(&day));
    // class weights: a zero weight removes the class
    let no_bikes = SceneParams {
        class_weights: vec![1.0, 1.0, 0.0, 1.0, 1.0],
        ..SceneParams::default()
    };
    let b = generate_scenes(200, &no_bikes, 8, 0);
    assert!(b.objects.iter().flatten().all(|o| o.class != 2));
    assert!(b.objects.iter().flatten().any(|o| o.class == 4));
}

/// FNV-1a over every pixel's bits, every box and every metadata field.
fn fingerprint(s: &ImageSet) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    let mut eat = |v: u64| {
        for b in v.to_le_bytes() {
            h = (h ^ b as u64).wrapping_mul(0x100_0000_01b3);
        }
    };
    s.pixels_f32().iter().for_each(|p| eat(p.to_bits() as u64));
    for objs in &s.objects {
        eat(objs.len() as u64);
        for o in objs {
            eat(o.class as u64);
            for v in [o.bbox.x, o.bbox.y, o.bbox.w, o.bbox.h] {
                eat(v.to_bits());
            }
        }
    }
    for m in &s.meta {
        eat(m.night as u64);
        eat(m.sequence as u64);
        eat(m.frame as u64);
    }
    h
}

/// Byte-identical output: the images, boxes and metadata of three parameter sets.
#[test]
fn output_is_unchanged() {
    let sets = [
        (SceneParams::default(), 40, 3, 0),
        (
            SceneParams {
                size: 64,
                sequence_length: 3,
                night: 0.5,
                class_weights: vec![0.2, 1.0, 1.0, 1.0, 2.0],
            },
            31,
            11,
            1,
        ),
        (
            SceneParams {
                size: 33,
                sequence_length: 1,
                night: 1.0,
                ..SceneParams::default()
            },
            17,
            5,
            0,
        ),
    ];
    let got: Vec<u64> = sets
        .iter()
        .map(|(p, n, seed, stream)| fingerprint(&generate_scenes(*n, p, *seed, *stream)))
        .collect();
    assert_eq!(got, FINGERPRINTS);
}

/// Fingerprints of the three sets above: a change to any pixel, box or metadata field of
/// the generator's output changes them.
const FINGERPRINTS: [u64; 3] = [0x19f5b6600a5a686f, 0x2de56d40aedd7043, 0xa7d2d0ce6be7aae4];

/// Chunking does not change the scenes: one sequence per chunk (sequence indices counted
/// across chunks) gives the values, boxes and metadata of one chunk for everything, also
/// with a shorter last sequence.
#[test]
fn chunks_of_sequences_give_the_same_scenes() {
    let p = SceneParams {
        size: 32,
        sequence_length: 3,
        ..SceneParams::default()
    };
    let n = 3 * 4 + 2;
    let collect = |seqs: usize| {
        let (mut px, mut objs, mut meta, mut chunks) = (Vec::new(), Vec::new(), Vec::new(), 0);
        generate_in_chunks::<()>(n, &p, 4, 0, seqs, |(a, b, c)| {
            px.extend_from_slice(a);
            objs.extend_from_slice(b);
            meta.extend_from_slice(c);
            chunks += 1;
            Ok(())
        })
        .unwrap();
        (px, objs, meta, chunks)
    };
    let (one, whole) = (collect(1), collect(100));
    assert_eq!((one.3, whole.3), (5, 1), "chunks");
    assert_eq!(one.0, whole.0);
    assert_eq!(one.1, whole.1);
    assert_eq!(one.2, whole.2);
    assert_eq!(whole.2[13].sequence, 4, "the short last sequence");
    let set = generate_scenes(n, &p, 4, 0);
    assert_eq!(set.pixels_f32(), whole.0);
    assert_eq!(set.objects, whole.1);
}

//! Where an [`super::ImageSet`]'s pixel values live: owned in memory (bytes or floats) or in a
//! data-cache file read a batch of rows at a time ([`super::cache`]), seen whole or through a
//! row view.
//!
//! Values leave the storage as `f32` in [0, 1], a batch (or one image) at a time, on their way
//! into a batch: bytes convert as `b as f32 / 255.0` (the expression the loaders used when they kept
//! floats, so results are bit-identical), floats are copied. No method but
//! [`Pixels::to_f32`] (small sets, transforms) makes a whole-set float copy.

use std::borrow::Cow;
use std::sync::Arc;

use super::cache::reader::CacheFile;

/// The values of a set's images, `[n, sample_len]` row-major.
#[derive(Debug)]
pub enum Store {
    /// Floats in [0, 1] (generated `scenes`, transformed sets, tests).
    F32(Vec<f32>),
    /// Bytes, value `b / 255` (IDX, CIFAR, decoded image files, `shapes`).
    U8(Vec<u8>),
    /// A data-cache file, read per row (its depth is in its header).
    Cached(Arc<CacheFile>),
}

/// The pixel storage of a set, shared (cloning is cheap) and optionally seen through `rows`:
/// image `k` of the set is row `rows[k]` of the store (a subset without a copy).
#[derive(Clone, Debug)]
pub struct Pixels {
    store: Arc<Store>,
    rows: Option<Arc<[u32]>>,
}

impl Default for Pixels {
    fn default() -> Self {
        Pixels::from_f32(Vec::new())
    }
}

impl From<Vec<f32>> for Pixels {
    fn from(v: Vec<f32>) -> Self {
        Pixels::from_f32(v)
    }
}

impl FromIterator<f32> for Pixels {
    fn from_iter<I: IntoIterator<Item = f32>>(iter: I) -> Self {
        Pixels::from_f32(iter.into_iter().collect())
    }
}

impl Pixels {
    /// Owned floats.
    pub fn from_f32(v: Vec<f32>) -> Self {
        Pixels::whole(Store::F32(v))
    }

    /// Owned bytes (`b / 255`).
    pub fn from_u8(v: Vec<u8>) -> Self {
        Pixels::whole(Store::U8(v))
    }

    /// A cache file's pixels.
    pub fn cached(m: Arc<CacheFile>) -> Self {
        Pixels::whole(Store::Cached(m))
    }

    fn whole(s: Store) -> Self {
        Pixels {
            store: Arc::new(s),
            rows: None,
        }
    }

    /// The storage behind these pixels.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Bytes per value in the store (1 for bytes, 4 for floats).
    pub fn depth_bytes(&self) -> usize {
        match &*self.store {
            Store::F32(_) => 4,
            Store::U8(_) => 1,
            Store::Cached(m) => m.depth().bytes(),
        }
    }

    /// Whether these pixels are a view (a subset of rows) of their store.
    pub fn is_view(&self) -> bool {
        self.rows.is_some()
    }

    /// Whether the values come from a cache file.
    pub fn is_cached(&self) -> bool {
        matches!(&*self.store, Store::Cached(_))
    }

    /// The cache file these pixels read and the rows of it they see (`None`: every row, in
    /// file order), or `None` when the values are not in a cache file.
    pub fn cache_view(&self) -> Option<(&Arc<CacheFile>, Option<&[u32]>)> {
        match &*self.store {
            Store::Cached(m) => Some((m, self.rows.as_deref())),
            _ => None,
        }
    }

    fn row(&self, i: usize) -> usize {
        self.rows.as_ref().map_or(i, |r| r[i] as usize)
    }

    /// Image `i` (of `l` values) as floats: borrowed from an owned float store, else
    /// converted.
    pub fn image(&self, i: usize, l: usize) -> Cow<'_, [f32]> {
        let r = self.row(i);
        match &*self.store {
            Store::F32(v) => Cow::Borrowed(&v[r * l..(r + 1) * l]),
            _ => {
                let mut out = Vec::with_capacity(l);
                self.extend_image(i, l, &mut out);
                Cow::Owned(out)
            }
        }
    }

    /// Append image `i` (of `l` values) to `out` as floats in [0, 1].
    pub fn extend_image(&self, i: usize, l: usize, out: &mut Vec<f32>) {
        let r = self.row(i);
        match &*self.store {
            Store::F32(v) => out.extend_from_slice(&v[r * l..(r + 1) * l]),
            Store::U8(v) => out.extend(v[r * l..(r + 1) * l].iter().map(|&b| b as f32 / 255.0)),
            Store::Cached(m) => m.extend_row(r, l, out),
        }
    }

    /// Append images `idx` (of `l` values each) to `out` as floats in [0, 1], in that order:
    /// the values of [`Pixels::extend_image`] for each index, gathered in one call (a cache
    /// file is read in chunks, one `pread` per run of consecutive rows, no allocation per
    /// image or per batch beyond `out`).
    pub fn extend_images(&self, idx: &[usize], l: usize, out: &mut Vec<f32>) {
        out.reserve(idx.len() * l);
        match &*self.store {
            Store::Cached(m) => m.extend_rows(idx.len(), |k| self.row(idx[k]), l, out),
            _ => {
                for &i in idx {
                    self.extend_image(i, l, out);
                }
            }
        }
    }

    /// The pixels of images `indices` (of this set), in that order, without a copy.
    pub fn subset(&self, indices: &[usize]) -> Pixels {
        let rows: Arc<[u32]> = indices.iter().map(|&i| self.row(i) as u32).collect();
        Pixels {
            store: Arc::clone(&self.store),
            rows: Some(rows),
        }
    }

    /// All `n` images (of `l` values each) as one float vector (small sets, transforms).
    pub fn to_f32(&self, n: usize, l: usize) -> Vec<f32> {
        if let (Store::F32(v), None) = (&*self.store, &self.rows) {
            return v[..n * l].to_vec();
        }
        let mut out = Vec::with_capacity(n * l);
        if let Store::Cached(m) = &*self.store {
            m.extend_rows(n, |i| self.row(i), l, &mut out);
            return out;
        }
        for i in 0..n {
            self.extend_image(i, l, &mut out);
        }
        out
    }

    /// The `n` images as owned floats to modify in place (noise): converts (and copies) when
    /// the store is not already owned floats seen whole.
    pub fn f32_mut(&mut self, n: usize, l: usize) -> &mut Vec<f32> {
        let owned_whole = self.rows.is_none() && matches!(&*self.store, Store::F32(_));
        if !owned_whole || Arc::strong_count(&self.store) > 1 {
            *self = Pixels::from_f32(self.to_f32(n, l));
        }
        match Arc::get_mut(&mut self.store).expect("just made unique") {
            Store::F32(v) => v,
            _ => unreachable!("just made owned floats"),
        }
    }

    /// Whether images `i` of `self` and `j` of `other` (`l` values each) hold the same values.
    pub fn same_image(&self, i: usize, other: &Pixels, j: usize, l: usize) -> bool {
        self.image(i, l) == other.image(j, l)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_convert_like_the_loaders_and_views_pick_rows() {
        let p = Pixels::from_u8(vec![0, 255, 51, 102, 7, 9]);
        assert_eq!(p.image(1, 2).as_ref(), &[51.0 / 255.0, 102.0 / 255.0]);
        let v = p.subset(&[2, 0]);
        assert_eq!(v.to_f32(2, 2), vec![7.0 / 255.0, 9.0 / 255.0, 0.0, 1.0]);
        // a view of a view maps through both
        assert_eq!(v.subset(&[1]).to_f32(1, 2), vec![0.0, 1.0]);
        assert_eq!(v.depth_bytes(), 1);
    }

    #[test]
    fn f32_mut_copies_a_shared_store_and_leaves_the_original() {
        let a = Pixels::from_f32(vec![0.5, 0.25]);
        let mut b = a.clone();
        b.f32_mut(2, 1)[0] = 1.0;
        assert_eq!(a.to_f32(2, 1), vec![0.5, 0.25]);
        assert_eq!(b.to_f32(2, 1), vec![1.0, 0.25]);
        let mut c = Pixels::from_u8(vec![255, 0]).subset(&[1]);
        assert_eq!(c.f32_mut(1, 1), &vec![0.0]);
    }
}

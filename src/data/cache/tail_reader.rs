//! A cursor over the bytes of a cache file's tail (labels, class names, build key, files,
//! annotations): little-endian integers and length-prefixed strings, each read failing with
//! "tail ends early" rather than reading past the end. Shared by [`super::format`] and
//! [`super::annotations`].

/// A cursor over tail bytes.
pub(super) struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `b`.
    pub(super) fn new(b: &'a [u8]) -> Self {
        Reader { b, at: 0 }
    }

    /// Whether every byte has been read.
    pub(super) fn at_end(&self) -> bool {
        self.at == self.b.len()
    }

    /// The next `n` bytes.
    pub(super) fn take(&mut self, n: usize) -> Result<&[u8], String> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.b.len());
        let end = end.ok_or_else(|| "tail ends early".to_string())?;
        let s = &self.b[self.at..end];
        self.at = end;
        Ok(s)
    }

    /// The next little-endian u32.
    pub(super) fn u32(&mut self) -> Result<u32, String> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }

    /// The next string: a little-endian u32 length, then that many UTF-8 bytes.
    pub(super) fn string(&mut self) -> Result<String, String> {
        let n = self.u32()? as usize;
        String::from_utf8(self.take(n)?.to_vec()).map_err(|_| "a name is not UTF-8".into())
    }
}

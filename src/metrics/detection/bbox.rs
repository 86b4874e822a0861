//! Axis-aligned boxes and their overlap.

/// A box in pixels, COCO convention: top-left corner `(x, y)` and size `(w, h)`.
/// Invariant where it matters (loaders check it): `w ≥ 0`, `h ≥ 0`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct BBox {
    /// Left edge, px.
    pub x: f64,
    /// Top edge, px.
    pub y: f64,
    /// Width, px.
    pub w: f64,
    /// Height, px.
    pub h: f64,
}

impl BBox {
    /// A box from its top-left corner and size.
    pub fn new(x: f64, y: f64, w: f64, h: f64) -> Self {
        BBox { x, y, w, h }
    }

    /// A box from its centre and size.
    pub fn centred(cx: f64, cy: f64, w: f64, h: f64) -> Self {
        BBox {
            x: cx - w / 2.0,
            y: cy - h / 2.0,
            w,
            h,
        }
    }

    /// Area in px² (`w·h`, the area COCO gives a detection).
    pub fn area(&self) -> f64 {
        self.w * self.h
    }

    /// Area of the intersection with `o`, 0 when they only touch or do not meet.
    pub fn intersection(&self, o: &BBox) -> f64 {
        let w = (self.x + self.w).min(o.x + o.w) - self.x.max(o.x);
        if w <= 0.0 {
            return 0.0;
        }
        let h = (self.y + self.h).min(o.y + o.h) - self.y.max(o.y);
        if h <= 0.0 {
            return 0.0;
        }
        w * h
    }

    /// Intersection over union, exactly as the COCO evaluator computes it (`bbIou` of
    /// pycocotools' maskApi): 0 when the boxes do not overlap (so also for zero-area boxes);
    /// with `crowd` the denominator is this box's area alone (a detection against a crowd
    /// region).
    pub fn iou(&self, o: &BBox, crowd: bool) -> f64 {
        let i = self.intersection(o);
        if i <= 0.0 {
            return 0.0;
        }
        let u = if crowd {
            self.area()
        } else {
            self.area() + o.area() - i
        };
        i / u
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iou_edge_cases() {
        let a = BBox::new(0.0, 0.0, 10.0, 10.0);
        // identical
        assert_eq!(a.iou(&a, false), 1.0);
        // touching along an edge: no overlap
        assert_eq!(a.iou(&BBox::new(10.0, 0.0, 10.0, 10.0), false), 0.0);
        // touching at a corner
        assert_eq!(a.iou(&BBox::new(10.0, 10.0, 5.0, 5.0), false), 0.0);
        // nested: inner 4×4 inside 10×10 → 16 / 100
        let inner = BBox::new(3.0, 3.0, 4.0, 4.0);
        assert_eq!(a.iou(&inner, false), 0.16);
        assert_eq!(inner.iou(&a, false), 0.16);
        // against a crowd region the denominator is the detection's area: inner fully inside
        assert_eq!(inner.iou(&a, true), 1.0);
        // zero-area boxes never overlap anything
        let point = BBox::new(5.0, 5.0, 0.0, 0.0);
        assert_eq!(point.iou(&a, false), 0.0);
        assert_eq!(a.iou(&point, false), 0.0);
        assert_eq!(point.iou(&point, false), 0.0);
        // half overlap: 10×10 and 10×10 shifted by 5 → 50 / 150
        let b = BBox::new(5.0, 0.0, 10.0, 10.0);
        assert!((a.iou(&b, false) - 1.0 / 3.0).abs() < 1e-15);
        // centred constructor
        assert_eq!(
            BBox::centred(5.0, 5.0, 10.0, 4.0),
            BBox::new(0.0, 3.0, 10.0, 4.0)
        );
    }
}

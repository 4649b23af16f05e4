//! Pan and zoom: which part of the drawing the panel shows, as an SVG `viewBox`.
//!
//! The layout stays in CSS pixels at scale 1 (text never shrinks unless the student zooms out);
//! the view is a scale and the drawing's point at the panel's top-left corner. Zooming keeps the
//! point under the pointer still; "fit" frames the whole drawing. Pure arithmetic, tested natively;
//! the component keeps one `View` across re-renders and writes [`View::view_box`] into the DOM.

use crate::decimal::trimmed;

/// The closest and farthest zoom.
pub const MIN_SCALE: f64 = 0.05;
pub const MAX_SCALE: f64 = 4.0;
/// One press of +/− or one wheel notch.
pub const STEP: f64 = 1.25;
/// One arrow-key press, in screen pixels.
pub const PAN_STEP: f64 = 40.0;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    pub scale: f64,
    /// The drawing's coordinates at the panel's top-left corner.
    pub x: f64,
    pub y: f64,
    /// Whether the student moved it (otherwise it follows the drawing from the top-left).
    pub moved: bool,
}

impl Default for View {
    fn default() -> View {
        View { scale: 1.0, x: 0.0, y: 0.0, moved: false }
    }
}

impl View {
    /// The drawing's point under screen offset `(px, py)` from the panel's corner.
    pub fn to_drawing(&self, px: f64, py: f64) -> (f64, f64) {
        (self.x + px / self.scale, self.y + py / self.scale)
    }

    /// The screen offset of drawing point `(x, y)`.
    pub fn to_screen(&self, x: f64, y: f64) -> (f64, f64) {
        ((x - self.x) * self.scale, (y - self.y) * self.scale)
    }

    /// Multiplies the scale by `factor`, keeping the drawing's point under `(px, py)` still.
    pub fn zoom_at(&mut self, px: f64, py: f64, factor: f64) {
        if !factor.is_finite() || factor <= 0.0 {
            return;
        }
        let (dx, dy) = self.to_drawing(px, py);
        self.scale = (self.scale * factor).clamp(MIN_SCALE, MAX_SCALE);
        self.x = dx - px / self.scale;
        self.y = dy - py / self.scale;
        self.moved = true;
    }

    /// Moves the drawing by `(dx, dy)` screen pixels (a drag to the right shows what was left).
    pub fn pan(&mut self, dx: f64, dy: f64) {
        if dx.is_finite() && dy.is_finite() {
            self.x -= dx / self.scale;
            self.y -= dy / self.scale;
            self.moved = true;
        }
    }

    /// Frames a `w`×`h` drawing in a `vw`×`vh` panel, centred, never magnified past 1.
    pub fn fit(w: f64, h: f64, vw: f64, vh: f64) -> View {
        if w <= 0.0 || h <= 0.0 || vw <= 0.0 || vh <= 0.0 {
            return View::default();
        }
        let scale = (vw / w).min(vh / h).clamp(MIN_SCALE, 1.0);
        View { scale, x: (w - vw / scale) / 2.0, y: (h - vh / scale) / 2.0, moved: true }
    }

    /// The `viewBox` for a `vw`×`vh` panel.
    pub fn view_box(&self, vw: f64, vh: f64) -> String {
        let r = |v: f64| (v * 100.0).round() / 100.0;
        let r = |v: f64| trimmed(r(v), 2);
        format!("{} {} {} {}", r(self.x), r(self.y), r(vw / self.scale), r(vh / self.scale))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zoom_keeps_the_point_under_the_pointer() {
        let mut v = View::default();
        let before = v.to_drawing(100.0, 50.0);
        v.zoom_at(100.0, 50.0, STEP);
        let after = v.to_drawing(100.0, 50.0);
        assert!((before.0 - after.0).abs() < 1e-9 && (before.1 - after.1).abs() < 1e-9);
        assert_eq!(v.scale, 1.25);
        assert!(v.moved);
    }

    #[test]
    fn zoom_is_clamped_and_ignores_nonsense() {
        let mut v = View::default();
        for _ in 0..50 {
            v.zoom_at(0.0, 0.0, STEP);
        }
        assert_eq!(v.scale, MAX_SCALE);
        for _ in 0..50 {
            v.zoom_at(0.0, 0.0, 1.0 / STEP);
        }
        assert_eq!(v.scale, MIN_SCALE);
        let same = v;
        v.zoom_at(1.0, 1.0, f64::NAN);
        v.zoom_at(1.0, 1.0, 0.0);
        assert_eq!(v, same);
    }

    #[test]
    fn pan_moves_by_screen_pixels_at_any_scale() {
        let mut v = View { scale: 2.0, ..View::default() };
        v.pan(40.0, -20.0);
        assert_eq!((v.x, v.y), (-20.0, 10.0));
        assert_eq!(v.to_screen(-20.0, 10.0), (0.0, 0.0));
    }

    #[test]
    fn fit_frames_everything_centred() {
        // A tall drawing in a wide panel: height decides.
        let v = View::fit(400.0, 1000.0, 500.0, 250.0);
        assert_eq!(v.scale, 0.25);
        let (x0, y0) = v.to_screen(0.0, 0.0);
        let (x1, y1) = v.to_screen(400.0, 1000.0);
        assert!(x0 >= 0.0 && y0 >= -1e-9 && x1 <= 500.0 && y1 <= 250.0 + 1e-9, "{x0} {y0} {x1} {y1}");
        assert!(((x0 + x1) / 2.0 - 250.0).abs() < 1e-9, "centred");
        // A small drawing is not magnified.
        assert_eq!(View::fit(100.0, 100.0, 500.0, 500.0).scale, 1.0);
        assert_eq!(View::fit(0.0, 10.0, 10.0, 10.0), View::default());
    }

    #[test]
    fn the_view_box_is_the_visible_part_of_the_drawing() {
        let v = View { scale: 2.0, x: 10.0, y: 5.5, moved: true };
        assert_eq!(v.view_box(400.0, 300.0), "10 5.5 200 150");
    }
}

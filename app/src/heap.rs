//! The page's allocator: blocks of power-of-two sizes, a free list per size, new blocks cut from
//! memory grown on demand; a freed block waits in its size's list for the next request of that
//! size (never split or merged). std's default on wasm, dlmalloc, is ~7 KB of code (~3 KB gzip
//! of the first download); this is a few hundred bytes, and every call is O(1). The cost is
//! memory: a request takes up to twice its size, and a freed block serves only its own size.
//! The page's heap (the UI and the mirror of the simulator's state; the simulator has its own
//! worker and its own allocator) is a few megabytes, so that is the trade. Only the page's wasm
//! build installs it (`main.rs`); tests and the worker keep std's.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::UnsafeCell;

const PAGE: usize = 65_536;
/// The smallest block: room for the free list's link.
const MIN_CLASS: u32 = 3;
/// Classes 2^3 .. 2^31 bytes.
const CLASSES: usize = 32;

pub struct Heap(UnsafeCell<State>);

struct State {
    /// Heads of the free lists, by class (0: empty); a free block holds the next one's address.
    free: [usize; CLASSES],
    /// Memory not yet cut into blocks: `top..end`.
    top: usize,
    end: usize,
}

// The page's wasm has one thread.
unsafe impl Sync for Heap {}

impl Heap {
    pub const fn new() -> Heap {
        Heap(UnsafeCell::new(State { free: [0; CLASSES], top: 0, end: 0 }))
    }
}

impl Default for Heap {
    fn default() -> Heap {
        Heap::new()
    }
}

/// The class of a request: the power of two that holds its size (and its alignment).
fn class(layout: Layout) -> Option<u32> {
    let size = layout.size().max(layout.align()).max(1 << MIN_CLASS);
    let class = size.checked_next_power_of_two()?.trailing_zeros();
    // Blocks are aligned to their size up to a wasm page; nothing asks for more.
    ((class as usize) < CLASSES && layout.align() <= PAGE).then_some(class)
}

impl State {
    unsafe fn alloc(&mut self, class: u32) -> *mut u8 {
        let head = self.free[class as usize];
        if head != 0 {
            self.free[class as usize] = unsafe { *(head as *const usize) };
            return head as *mut u8;
        }
        let size = 1usize << class;
        let align = size.min(PAGE);
        if self.end == 0 {
            // The heap starts where the module's memory ends (data and stack below it).
            self.top = grow(0).unwrap_or(0) * PAGE;
            self.end = self.top;
        }
        let at = (self.top + align - 1) & !(align - 1);
        let Some(needed) = at.checked_add(size) else { return std::ptr::null_mut() };
        if needed > self.end {
            let pages = (needed - self.end).div_ceil(PAGE);
            if grow(pages).is_none() {
                return std::ptr::null_mut();
            }
            self.end += pages * PAGE;
        }
        self.top = needed;
        at as *mut u8
    }

    unsafe fn free(&mut self, ptr: *mut u8, class: u32) {
        unsafe { *(ptr as *mut usize) = self.free[class as usize] };
        self.free[class as usize] = ptr as usize;
    }
}

/// Grows the memory by `pages` (0: asks its size); the size before, in pages.
#[cfg(target_arch = "wasm32")]
fn grow(pages: usize) -> Option<usize> {
    let before = core::arch::wasm32::memory_grow(0, pages);
    (before != usize::MAX).then_some(before)
}

#[cfg(not(target_arch = "wasm32"))]
fn grow(_pages: usize) -> Option<usize> {
    None
}

unsafe impl GlobalAlloc for Heap {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        match class(layout) {
            Some(c) => unsafe { (*self.0.get()).alloc(c) },
            None => std::ptr::null_mut(),
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if let Some(c) = class(layout) {
            unsafe { (*self.0.get()).free(ptr, c) }
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let Ok(new) = Layout::from_size_align(new_size, layout.align()) else { return std::ptr::null_mut() };
        if class(new).is_some() && class(new) == class(layout) {
            return ptr;
        }
        let to = unsafe { self.alloc(new) };
        if !to.is_null() {
            unsafe {
                std::ptr::copy_nonoverlapping(ptr, to, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
        }
        to
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_hold_size_and_alignment() {
        let l = |s, a| Layout::from_size_align(s, a).unwrap();
        assert_eq!(class(l(1, 1)), Some(3));
        assert_eq!(class(l(8, 8)), Some(3));
        assert_eq!(class(l(9, 1)), Some(4));
        assert_eq!(class(l(4, 64)), Some(6));
        assert_eq!(class(l(65_537, 8)), Some(17));
        assert_eq!(class(l(usize::MAX / 2, 1)), None);
    }
}

//! Work shared out over rayon's threads only when there is enough of it.
//!
//! rayon starts its pool on first use: a thread per core, each with its
//! stack and its own malloc arena mapped, then woken, spun and joined. For
//! a one-story site that was an eighth of the build's wall time and a
//! quarter of its CPU time (1.73 → 1.52 ms; 2.04 → 1.48 ms of CPU), with
//! nothing to share: one story, one page, one folder to sync. So a single
//! piece of work (or, for [`map_cheap`], a few cheap ones) runs on the
//! calling thread, and the pool is never started.
//!
//! Results come back in the items' order either way, so the output does
//! not depend on which path ran.

use rayon::prelude::*;

/// Below this many cheap items (hashing a small file), one thread does
/// them sooner than the pool starts.
const CHEAP_FEW: usize = 16;

/// `f` of every item, in order: side by side when there are two or more.
pub(crate) fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
    map_from(2, items, f)
}

/// As [`map`], for work so small per item that only many items pay for
/// starting the threads.
pub(crate) fn map_cheap<T: Sync, R: Send>(
    items: &[T],
    f: impl Fn(&T) -> R + Sync + Send,
) -> Vec<R> {
    map_from(CHEAP_FEW, items, f)
}

fn map_from<T: Sync, R: Send>(
    least: usize,
    items: &[T],
    f: impl Fn(&T) -> R + Sync + Send,
) -> Vec<R> {
    if items.len() < least {
        items.iter().map(f).collect()
    } else {
        items.par_iter().map(f).collect()
    }
}

/// As [`map`], taking the items.
pub(crate) fn map_owned<T: Send, R: Send>(
    items: Vec<T>,
    f: impl Fn(T) -> R + Sync + Send,
) -> Vec<R> {
    if items.len() < 2 {
        items.into_iter().map(f).collect()
    } else {
        items.into_par_iter().map(f).collect()
    }
}

/// `f` of every item and its index, the `Some`s kept in order.
pub(crate) fn filter_map_indexed<T: Sync, R: Send>(
    items: &[T],
    f: impl Fn(usize, &T) -> Option<R> + Sync + Send,
) -> Vec<R> {
    if items.len() < 2 {
        items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| f(i, item))
            .collect()
    } else {
        items
            .par_iter()
            .enumerate()
            .filter_map(|(i, item)| f(i, item))
            .collect()
    }
}

/// `f` of every item until one fails (with two or more side by side, any
/// one of the failures).
pub(crate) fn try_each<T: Sync, E: Send>(
    items: &[T],
    f: impl Fn(&T) -> Result<(), E> + Sync + Send,
) -> Result<(), E> {
    if items.len() < 2 {
        items.iter().try_for_each(f)
    } else {
        items.par_iter().try_for_each(f)
    }
}

/// `a()` and `b()`: side by side when `share` says both are worth a thread.
pub(crate) fn join<RA: Send, RB: Send>(
    share: bool,
    a: impl FnOnce() -> RA + Send,
    b: impl FnOnce() -> RB + Send,
) -> (RA, RB) {
    if share { rayon::join(a, b) } else { (a(), b()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_item_runs_on_the_calling_thread_many_in_order() {
        let here = std::thread::current().id();
        let id = || std::thread::current().id();
        assert_eq!(map(&[1], |_| id()), vec![here]);
        assert_eq!(map_owned(vec![1], |_| id()), vec![here]);
        assert_eq!(
            map_cheap(&[1; CHEAP_FEW - 1], |_| id()),
            vec![here; CHEAP_FEW - 1]
        );
        assert_eq!(filter_map_indexed(&[1], |_, _| Some(id())), vec![here]);
        assert_eq!(join(false, id, id), (here, here));
        let many: Vec<u32> = (0..1000).collect();
        let doubled: Vec<u32> = many.iter().map(|n| n * 2).collect();
        assert_eq!(map(&many, |n| n * 2), doubled);
        assert_eq!(map_cheap(&many, |n| n * 2), doubled);
        assert_eq!(map_owned(many.clone(), |n| n * 2), doubled);
        let odd: Vec<usize> = (0..1000).filter(|i| i % 2 == 1).collect();
        assert_eq!(
            filter_map_indexed(&many, |i, _| (i % 2 == 1).then_some(i)),
            odd
        );
        assert_eq!(
            try_each(&many, |&n| if n == 500 { Err(n) } else { Ok(()) }),
            Err(500)
        );
        assert_eq!(
            try_each(&[7], |&n| if n == 7 { Err(n) } else { Ok(()) }),
            Err(7)
        );
        assert_eq!(join(true, || 1, || 2), (1, 2));
    }
}

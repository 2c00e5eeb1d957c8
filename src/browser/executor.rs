//! A time-sliced executor for the app's reactive work (Leptos effects, view updates, `spawn_local`).
//!
//! Leptos's default executor runs every ready task in one microtask checkpoint, so a burst of
//! work — the first render's effects, or a big update — becomes one long task that holds up
//! taps and paints. On a slow phone that burst is long: the browser compiles each WebAssembly
//! function the first time it runs, on the main thread. This executor runs ready tasks from a
//! queue in macrotasks and gives the browser its turn after [`BUDGET_MS`] of work, so between two
//! slices it can paint and answer the person's tap. Tasks keep their order (first ready, first
//! run); a slice always runs at least one task.
// The benchmark's other build (feature `leptos-executor`) leaves this executor unused.
#![cfg_attr(feature = "leptos-executor", allow(dead_code))]
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

use any_spawner::{CustomExecutor, Executor, PinnedFuture, PinnedLocalFuture};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::now_ms;

/// Work per slice before the browser gets its turn, ms (well under the 50 ms of a long task).
pub const BUDGET_MS: f64 = 8.0;

struct Slot {
    task: Option<PinnedLocalFuture<()>>,
    queued: bool,
}

thread_local! {
    static SLOTS: RefCell<Vec<Slot>> = const { RefCell::new(Vec::new()) };
    static FREE: RefCell<Vec<usize>> = const { RefCell::new(Vec::new()) };
    static READY: RefCell<VecDeque<usize>> = const { RefCell::new(VecDeque::new()) };
    static SCHEDULED: Cell<bool> = const { Cell::new(false) };
    /// The sending end of a channel whose other end runs [`run_slice`]: a message is a
    /// macrotask without the minimum delay that nested timeouts get. `None` until first used
    /// (or when unavailable).
    static POST: RefCell<Option<web_sys::MessagePort>> = const { RefCell::new(None) };
}

/// Wakes a task by its slot: it is queued (once) and a slice is scheduled.
struct Wakeup(usize);

impl Wake for Wakeup {
    fn wake(self: Arc<Self>) {
        ready(self.0);
    }
    fn wake_by_ref(self: &Arc<Self>) {
        ready(self.0);
    }
}

fn ready(id: usize) {
    let fresh = SLOTS.with_borrow_mut(|slots| match slots.get_mut(id) {
        Some(slot) if !slot.queued => {
            slot.queued = true;
            true
        }
        _ => false,
    });
    if fresh {
        READY.with_borrow_mut(|q| q.push_back(id));
        schedule();
    }
}

fn spawn(task: PinnedLocalFuture<()>) {
    let slot = Slot {
        task: Some(task),
        queued: false,
    };
    let id = match FREE.with_borrow_mut(Vec::pop) {
        Some(id) => {
            SLOTS.with_borrow_mut(|slots| slots[id] = slot);
            id
        }
        None => SLOTS.with_borrow_mut(|slots| {
            slots.push(slot);
            slots.len() - 1
        }),
    };
    ready(id);
}

/// Asks for a slice in a later macrotask (once until it runs).
fn schedule() {
    if SCHEDULED.replace(true) {
        return;
    }
    let posted = POST.with_borrow_mut(|post| {
        if post.is_none() {
            *post = message_channel();
        }
        post.as_ref()
            .map(|p| p.post_message(&JsValue::NULL).is_ok())
    });
    if posted != Some(true) {
        leptos::prelude::set_timeout(run_slice, std::time::Duration::ZERO);
    }
}

/// A `MessageChannel` whose port 1 runs [`run_slice`]; returns port 2.
fn message_channel() -> Option<web_sys::MessagePort> {
    let channel = web_sys::MessageChannel::new().ok()?;
    let on_message = Closure::<dyn FnMut()>::new(run_slice);
    channel
        .port1()
        .set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget(); // one channel for the page's lifetime
    Some(channel.port2())
}

/// Runs ready tasks in order until the queue is empty or the budget is spent.
fn run_slice() {
    SCHEDULED.set(false);
    let start = now_ms();
    while let Some(id) = READY.with_borrow_mut(VecDeque::pop_front) {
        // Taken out while it runs: it may spawn or wake tasks (itself included).
        let task = SLOTS.with_borrow_mut(|slots| {
            let slot = &mut slots[id];
            slot.queued = false;
            slot.task.take()
        });
        if let Some(mut task) = task {
            let waker = Waker::from(Arc::new(Wakeup(id)));
            match task.as_mut().poll(&mut Context::from_waker(&waker)) {
                Poll::Ready(()) => {
                    SLOTS.with_borrow_mut(|slots| slots[id].queued = true); // never woken again
                    FREE.with_borrow_mut(|free| free.push(id));
                }
                Poll::Pending => SLOTS.with_borrow_mut(|slots| slots[id].task = Some(task)),
            }
        }
        if now_ms() - start >= BUDGET_MS {
            break;
        }
    }
    if READY.with_borrow(|q| !q.is_empty()) {
        schedule();
    }
}

struct Sliced;

impl CustomExecutor for Sliced {
    fn spawn(&self, fut: PinnedFuture<()>) {
        spawn(fut); // one thread: a `Send` future is a local one too
    }
    fn spawn_local(&self, fut: PinnedLocalFuture<()>) {
        spawn(fut);
    }
    fn poll_local(&self) {}
}

/// Makes this the executor for Leptos (before mounting; later calls do nothing). Built with the
/// `leptos-executor` feature (the benchmark's other build), Leptos's default instead.
pub fn init() {
    #[cfg(not(feature = "leptos-executor"))]
    let _ = Executor::init_custom_executor(Sliced);
    #[cfg(feature = "leptos-executor")]
    let _ = Executor::init_wasm_bindgen();
}

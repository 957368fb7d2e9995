//! The payments waiting for their wallet's next batch (see `group`): one lane per wallet,
//! held in `AppState`. A lane exists while a batch runs for it; whoever opens it leads.

use std::collections::HashMap;
use std::sync::Mutex;

use tokio::sync::oneshot;

use super::Outcome;
use super::statement::{Move, Target};
use crate::error::ApiResult;

/// The most moves one batch (one transaction, one commit) takes.
pub(super) const MAX_BATCH: usize = 64;

/// Which wallet a lane serves, as the moves name it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) enum Lane {
    Owner(i64),
    Number(String),
    Id(i64),
}

impl Lane {
    pub(super) fn of(target: &Target) -> Self {
        match target {
            Target::Owner(id) => Self::Owner(*id),
            Target::Number(number) => Self::Number(number.as_str().to_owned()),
            Target::Id(id) => Self::Id(*id),
        }
    }
}

/// What a waiter is told once its batch is over.
pub(super) enum Answer {
    /// Its own result, committed (or refused: nothing of it was written).
    Done(ApiResult<Outcome>),
    /// The batch's transaction was lost and nothing of it committed: run the move alone.
    Alone(Move),
}

/// How a move entered its lane.
// Made and matched at once, never stored: boxing the move would cost an allocation per move.
#[allow(clippy::large_enum_variant)]
pub(super) enum Entry {
    /// The lane was closed: the move runs now, alone, and its caller leads the lane.
    Lead(Move),
    /// A batch runs: the move waits for the next one, and its answer comes here.
    Wait(oneshot::Receiver<Answer>),
}

/// A move waiting for a batch, and where its answer goes.
pub(super) struct Waiter {
    pub step: Move,
    pub answer: oneshot::Sender<Answer>,
}

/// Every open lane and its waiting moves, in arrival order.
#[derive(Default)]
pub(crate) struct Queues {
    lanes: Mutex<Lanes>,
}

#[derive(Default)]
struct Lanes {
    open: HashMap<Lane, Vec<Waiter>>,
    /// Moves queued behind a running batch, on every lane (the metric's gauge).
    waiting: usize,
}

impl Queues {
    /// Opens the move's lane if it is closed (the caller then leads: it runs its move at
    /// once), else queues the move for the lane's next batch.
    pub(super) fn enter(&self, lane: &Lane, step: Move) -> Entry {
        let mut lanes = self.lanes.lock().expect("the move queues are never poisoned");
        let Some(queue) = lanes.open.get_mut(lane) else {
            lanes.open.insert(lane.clone(), Vec::new());
            return Entry::Lead(step);
        };
        let (answer, told) = oneshot::channel();
        queue.push(Waiter { step, answer });
        lanes.waiting += 1;
        crate::metrics::move_batch_waiting(lanes.waiting);
        Entry::Wait(told)
    }

    /// When a leader is done: true if moves wait on its lane (which stays open for the next
    /// leader), else the lane is closed and false.
    pub(super) fn hand_on(&self, lane: &Lane) -> bool {
        let mut lanes = self.lanes.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        match lanes.open.get(lane) {
            Some(queue) if !queue.is_empty() => true,
            Some(_) => {
                lanes.open.remove(lane);
                false
            }
            None => false,
        }
    }

    /// The lane's next batch, in arrival order; empty (and the lane closed) when none waits.
    pub(super) fn take(&self, lane: &Lane) -> Vec<Waiter> {
        let mut lanes = self.lanes.lock().expect("the move queues are never poisoned");
        let Some(queue) = lanes.open.get_mut(lane) else { return Vec::new() };
        if queue.is_empty() {
            lanes.open.remove(lane);
            return Vec::new();
        }
        let batch: Vec<Waiter> = queue.drain(..queue.len().min(MAX_BATCH)).collect();
        lanes.waiting -= batch.len();
        crate::metrics::move_batch_waiting(lanes.waiting);
        batch
    }

    /// Closes the lane at once, dropping its waiters (their leader stopped).
    pub(super) fn close(&self, lane: &Lane) {
        let mut lanes = self.lanes.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(queue) = lanes.open.remove(lane) {
            lanes.waiting -= queue.len();
            crate::metrics::move_batch_waiting(lanes.waiting);
        }
    }
}

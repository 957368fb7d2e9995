//! Group commit per wallet: moves that arrive for one wallet while a batch of its moves
//! runs wait for the next batch, which runs them in arrival order in one transaction and
//! commits once. A hot wallet then pays one commit (one WAL flush) per batch, not one per
//! move, while each move keeps its own key, result, version and error.
//!
//! - Nothing waits for company: a batch is what queued while the previous one ran, so a
//!   lone move runs at once, alone and on its own task (as `flow::run`, no BEGIN or COMMIT
//!   of its own); moves that queue behind it get a leader task when it is done.
//! - Each statement's guard decides alone: a refused move writes nothing and the
//!   transaction goes on; its error is explained on the batch's connection, as for a lone
//!   move. A used key refuses the statement too (MOVE_SQL checks it), so a retry inside the
//!   batch or of an earlier commit replays instead of aborting the transaction.
//! - When the transaction is lost (a database error, the commit failing), nothing of it
//!   committed: every waiter runs its move alone, where its key makes a retry safe.
//! - A batch's leader runs in a task of its own, so a request dropped meanwhile breaks
//!   nothing; its move still commits and publishes, as a lone move's would once sent.

use diesel_async::AsyncConnection;

use super::Outcome;
use super::errors::MoveError;
use super::flow;
use super::queue::{Answer, Entry, Lane, Waiter};
use super::statement::Move;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// Runs a single-statement move in its wallet's next batch and answers its own result.
pub(super) async fn run(state: &AppState, step: Move) -> ApiResult<Outcome> {
    let lane = Lane::of(&step.target);
    let told = match state.moves.enter(&lane, step) {
        Entry::Lead(step) => {
            // Alone, on the request's own task, as before; whatever queued meanwhile (or
            // if the request is dropped) gets a leader of its own when this ends.
            let _handoff = Handoff { state, lane };
            crate::metrics::move_batch(1);
            return flow::run(state, step).await;
        }
        Entry::Wait(told) => told,
    };
    match told.await {
        Ok(Answer::Done(result)) => result,
        Ok(Answer::Alone(step)) => flow::run(state, step).await,
        // The leader panicked: whether the move committed is unknown, and a retry with
        // the same key answers it either way.
        Err(_) => Err(ApiError::unavailable("a batch of moves ended without an answer", "the leader stopped")),
    }
}

/// Passes a lane on when its first move is done, finished or dropped: a task leads the
/// moves that queued meanwhile, or the lane closes.
struct Handoff<'a> {
    state: &'a AppState,
    lane: Lane,
}

impl Drop for Handoff<'_> {
    fn drop(&mut self) {
        if !self.state.moves.hand_on(&self.lane) {
            return;
        }
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => drop(runtime.spawn(lead(self.state.clone(), self.lane.clone()))),
            // No runtime (the process is ending): the waiters are dropped, unanswered.
            Err(_) => self.state.moves.close(&self.lane),
        }
    }
}

/// Runs the lane's batches until none waits, then closes the lane.
async fn lead(state: AppState, lane: Lane) {
    let closer = Closer { state: &state, lane: &lane };
    loop {
        let batch = state.moves.take(&lane);
        if batch.is_empty() {
            break;
        }
        run_batch(&state, batch).await;
    }
    std::mem::forget(closer);
}

/// Closes the lane if its leader panics, so the wallet's later moves are not stuck behind
/// it (its waiters are dropped and answer SERVICE_UNAVAILABLE).
struct Closer<'a> {
    state: &'a AppState,
    lane: &'a Lane,
}

impl Drop for Closer<'_> {
    fn drop(&mut self) {
        self.state.moves.close(self.lane);
    }
}

async fn run_batch(state: &AppState, mut batch: Vec<Waiter>) {
    crate::metrics::move_batch(batch.len());
    if batch.len() == 1 {
        let Waiter { step, answer } = batch.pop().expect("one waiter");
        let result = flow::run(state, step).await;
        let _ = answer.send(Answer::Done(result));
        return;
    }
    let (steps, answers): (Vec<Move>, Vec<_>) = batch.into_iter().map(|w| (w.step, w.answer)).unzip();
    let mut conn = match state.conn().await {
        Ok(conn) => conn,
        Err(error) => {
            for answer in answers {
                let _ = answer.send(Answer::Done(Err(error.clone())));
            }
            return;
        }
    };
    let steps_ref = &steps;
    let together = conn
        .transaction::<_, MoveError, _>(async move |conn| {
            let mut results = Vec::with_capacity(steps_ref.len());
            for step in steps_ref {
                match flow::apply(conn, step).await {
                    Ok(applied) => results.push(Ok(applied)),
                    Err(MoveError::Api(error)) if aborts(&error) => return Err(error.into()),
                    Err(MoveError::Api(error)) => results.push(Err(error)),
                    Err(MoveError::Database(error)) => return Err(error.into()),
                }
            }
            Ok(results)
        })
        .await;
    drop(conn);
    match together {
        Ok(results) => {
            for (result, answer) in results.into_iter().zip(answers) {
                let _ = answer.send(Answer::Done(result.map(|applied| flow::answer(state, applied))));
            }
        }
        Err(error) => {
            tracing::warn!(%error, moves = steps.len(), "a batch of moves was rolled back; each runs alone");
            for (step, answer) in steps.into_iter().zip(answers) {
                let _ = answer.send(Answer::Alone(step));
            }
        }
    }
}

/// Whether an error from a move came from the database (which aborts the transaction:
/// PostgreSQL would then turn the COMMIT into a ROLLBACK), not from a refusal explained.
fn aborts(error: &ApiError) -> bool {
    matches!(error, ApiError::ServiceUnavailable | ApiError::Internal | ApiError::BadUserInput(_))
}

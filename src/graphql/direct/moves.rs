//! The four money moves without the executor. A top-up at the cashier's desk and a payment
//! from the portal are the API's busiest requests, and their payload is a few fields of the
//! transaction and the wallet the move returns; around them the executor walks the document
//! for its limits (fast validation still does), copies it, builds the request's loader and
//! resolves each field in a future of its own. A document whose only operation is one of
//! the moves, with its `input` and a payload of the rows' own fields, runs the same
//! [`MoveInput`] the resolver runs and answers the picks from its outcome.
//!
//! Whatever the executor would answer otherwise goes to it, and it is decided before any
//! money moves: an input that does not coerce (the executor writes that error), a
//! variable not given, a caller the field's guard refuses, an API key.

use async_graphql::parser::types::Field;
use async_graphql::{InputType, Response, Value, Variables};

use super::answer::Rows;
use super::{Answer, Plan, Root};
use crate::graphql::mutation::{
    MoveInput, PayFromWalletInput, RefundPaymentInput, TopUpWalletInput, WriteOffWalletInput,
};
use crate::services::moves::Outcome;
use crate::services::sessions::Viewer;
use crate::state::AppState;

#[derive(Clone, Copy)]
pub(super) enum Move {
    TopUp,
    WriteOff,
    Pay,
    Refund,
}

impl Move {
    /// Its root field of Mutation.
    pub(super) fn field(self) -> &'static str {
        match self {
            Self::TopUp => "topUpWallet",
            Self::WriteOff => "writeOffWallet",
            Self::Pay => "payFromWallet",
            Self::Refund => "refundPayment",
        }
    }

    /// The move a root field of Mutation runs, if it is one of the four.
    pub(super) fn named(field: &str) -> Option<Self> {
        [Self::TopUp, Self::WriteOff, Self::Pay, Self::Refund].into_iter().find(|which| which.field() == field)
    }
}

/// The root field's `input`, with the request's variables in it; None when one is not given
/// (the executor then applies the variable's default, or reports it missing).
fn input(field: &Field, variables: &Variables) -> Option<Value> {
    let input = field.get_argument("input")?;
    input.node.clone().into_const_with(|name| variables.get(&name).cloned().ok_or(())).ok()
}

impl Plan {
    /// The response to a money move's request, or None (before anything moved) when the
    /// executor must answer it: it is no move's plan, or see the module's comment.
    pub(super) async fn mutate(&self, state: &AppState, viewer: &Viewer, variables: &Variables) -> Option<Answer> {
        let Root::Move(which, field) = &self.root else { return None };
        let input = input(field, variables)?;
        let outcome = match which {
            Move::TopUp => apply::<TopUpWalletInput>(input, state, viewer).await?,
            Move::WriteOff => apply::<WriteOffWalletInput>(input, state, viewer).await?,
            Move::Pay => apply::<PayFromWalletInput>(input, state, viewer).await?,
            Move::Refund => apply::<RefundPaymentInput>(input, state, viewer).await?,
        };
        Some(self.answer_move(outcome))
    }

    /// The move's payload as the executor writes it.
    pub(super) fn answer_move(&self, outcome: async_graphql::Result<Outcome>) -> Answer {
        let outcome = match outcome {
            Ok(outcome) => outcome,
            Err(error) => return Answer::Response(Response::from_errors(vec![self.located(error)])),
        };
        self.data(Rows::new(&outcome.wallet, Some(&outcome.transaction)), Vec::new())
    }
}

/// The input coerced as the executor coerces it, the guard, then the move; None before
/// the move when the executor must answer.
async fn apply<I: MoveInput>(
    input: Value,
    state: &AppState,
    viewer: &Viewer,
) -> Option<async_graphql::Result<Outcome>> {
    let input = <I as InputType>::parse(Some(input)).ok()?;
    if !I::guard().admits(viewer) {
        return None;
    }
    Some(input.apply(state, viewer).await)
}

//! What a selection picks: each field the direct path can answer from the event (or from
//! a money move's outcome, which holds the same two rows), or None for a selection it must
//! leave to the executor.

use async_graphql::parser::types::{Selection, SelectionSet};
use async_graphql::{Name, Pos};

/// One selected field: its response key and what it answers.
pub(super) struct Pick {
    pub(super) key: Name,
    pub(super) field: Field,
}

pub(super) enum Field {
    Typename(&'static str),
    /// A field of the wallet as of the event (on BalanceEvent and on Wallet).
    Wallet(Of),
    /// A field of the event's transaction; `kind`'s position is where its error points.
    Transaction(Tx),
    /// `BalanceEvent.wallet { … }`.
    WalletObject(Vec<Pick>),
    /// `BalanceEvent.transaction { … }` (null for an event without one), and
    /// `WalletOperationResult.transaction { … }`.
    TransactionObject(Vec<Pick>),
}

#[derive(Clone, Copy)]
pub(super) enum Of {
    Id,
    Number,
    Balance,
    Available,
    Held,
    Currency,
    Version,
}

#[derive(Clone, Copy)]
pub(super) enum Tx {
    Id,
    Kind(Pos),
    Amount,
    BalanceAfter,
    WalletVersion,
    Reference,
    Comment,
    CreatedAt,
}

/// The object types a plan walks.
#[derive(Clone, Copy)]
pub(super) enum Type {
    BalanceEvent,
    /// A money move's payload.
    OperationResult,
    Wallet,
    Transaction,
}

/// The picks of one selection set of `on`, or None when one of its fields needs more than
/// the event.
pub(super) fn picks(on: Type, set: &SelectionSet) -> Option<Vec<Pick>> {
    let mut picks: Vec<Pick> = Vec::with_capacity(set.items.len());
    for selection in &set.items {
        let Selection::Field(field) = &selection.node else { return None };
        let (pos, field) = (field.pos, &field.node);
        let key = field.response_key().node.clone();
        if !field.arguments.is_empty() || !field.directives.is_empty() || picks.iter().any(|pick| pick.key == key) {
            return None;
        }
        let nested = &field.selection_set.node;
        let leaf = |field: Field| nested.items.is_empty().then_some(field);
        let field = match (on, field.name.node.as_str()) {
            (Type::BalanceEvent, "__typename") => leaf(Field::Typename("BalanceEvent")),
            (Type::OperationResult, "__typename") => leaf(Field::Typename("WalletOperationResult")),
            (Type::Wallet, "__typename") => leaf(Field::Typename("Wallet")),
            (Type::Transaction, "__typename") => leaf(Field::Typename("Transaction")),
            (Type::BalanceEvent | Type::OperationResult, "wallet") => {
                Some(Field::WalletObject(picks_of(Type::Wallet, nested)?))
            }
            (Type::BalanceEvent | Type::OperationResult, "transaction") => {
                Some(Field::TransactionObject(picks_of(Type::Transaction, nested)?))
            }
            (Type::OperationResult, _) => None,
            (Type::BalanceEvent, "walletId") | (Type::Wallet, "id") => leaf(Field::Wallet(Of::Id)),
            (Type::BalanceEvent, "walletNumber") | (Type::Wallet, "number") => leaf(Field::Wallet(Of::Number)),
            (Type::BalanceEvent | Type::Wallet, name) => leaf(Field::Wallet(wallet_field(name)?)),
            (Type::Transaction, name) => leaf(Field::Transaction(transaction_field(name, pos)?)),
        }?;
        picks.push(Pick { key, field });
    }
    Some(picks)
}

/// An object field's picks: it must select something.
pub(super) fn picks_of(on: Type, set: &SelectionSet) -> Option<Vec<Pick>> {
    if set.items.is_empty() { None } else { picks(on, set) }
}

fn wallet_field(name: &str) -> Option<Of> {
    Some(match name {
        "balance" => Of::Balance,
        "available" => Of::Available,
        "held" => Of::Held,
        "currency" => Of::Currency,
        "version" => Of::Version,
        _ => return None,
    })
}

fn transaction_field(name: &str, pos: Pos) -> Option<Tx> {
    Some(match name {
        "id" => Tx::Id,
        "kind" => Tx::Kind(pos),
        "amount" => Tx::Amount,
        "balanceAfter" => Tx::BalanceAfter,
        "walletVersion" => Tx::WalletVersion,
        "reference" => Tx::Reference,
        "comment" => Tx::Comment,
        "createdAt" => Tx::CreatedAt,
        _ => return None,
    })
}

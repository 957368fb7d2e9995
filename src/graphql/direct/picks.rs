//! What a selection picks: each field the direct path can answer from the event (or from
//! a money move's outcome, which holds the same two rows, or from the viewer's wallet and
//! one page of its history), or None for a selection it must leave to the executor.

use async_graphql::parser::types::{Field as Selected, Selection, SelectionSet};
use async_graphql::{Name, Pos, Positioned};

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
    /// `BalanceEvent.transaction { … }` (null for an event without one),
    /// `WalletOperationResult.transaction { … }` and `TransactionEdge.node { … }`.
    TransactionObject(Vec<Pick>),
    /// `myWallet { transactions(first, after) { … } }`: one page of the wallet's history.
    History(History),
    /// `TransactionConnection.edges { … }`: each transaction of the page.
    Edges(Vec<Pick>),
    /// `TransactionEdge.cursor`.
    Cursor,
    /// `TransactionConnection.pageInfo { … }`.
    PageInfo(Vec<Pick>),
    Page(PageOf),
}

/// `Wallet.transactions` with only `first` and `after` (literals or variables), and where
/// it is (a bad `first` or `after` is its error).
pub(super) struct History {
    pub(super) pos: Pos,
    pub(super) field: Selected,
    pub(super) picks: Vec<Pick>,
}

#[derive(Clone, Copy)]
pub(super) enum PageOf {
    HasPrevious,
    HasNext,
    StartCursor,
    EndCursor,
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
    /// `myWallet`: a Wallet whose history may be selected too.
    MyWallet,
    Transaction,
    TransactionConnection,
    TransactionEdge,
    PageInfo,
}

/// The picks of one selection set of `on`, or None when one of its fields needs more than
/// the event.
pub(super) fn picks(on: Type, set: &SelectionSet) -> Option<Vec<Pick>> {
    let mut picks: Vec<Pick> = Vec::with_capacity(set.items.len());
    for selection in &set.items {
        let Selection::Field(field) = &selection.node else { return None };
        let key = field.node.response_key().node.clone();
        if !field.node.directives.is_empty() || picks.iter().any(|pick| pick.key == key) {
            return None;
        }
        let field = match (on, field.node.name.node.as_str()) {
            // At most one page: the executor would fetch two at once, and which error it
            // reports first would depend on which query answered first.
            (Type::MyWallet, "transactions") if !picks.iter().any(|pick| matches!(pick.field, Field::History(_))) => {
                Field::History(history(field)?)
            }
            (Type::MyWallet, _) => pick(Type::Wallet, field)?,
            _ => pick(on, field)?,
        };
        picks.push(Pick { key, field });
    }
    Some(picks)
}

/// One field of `on` without arguments.
fn pick(on: Type, field: &Positioned<Selected>) -> Option<Field> {
    let (pos, field) = (field.pos, &field.node);
    if !field.arguments.is_empty() {
        return None;
    }
    let nested = &field.selection_set.node;
    let leaf = |field: Field| nested.items.is_empty().then_some(field);
    match (on, field.name.node.as_str()) {
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
        (Type::TransactionConnection, "__typename") => leaf(Field::Typename("TransactionConnection")),
        (Type::TransactionConnection, "edges") => Some(Field::Edges(picks_of(Type::TransactionEdge, nested)?)),
        (Type::TransactionConnection, "pageInfo") => Some(Field::PageInfo(picks_of(Type::PageInfo, nested)?)),
        (Type::TransactionEdge, "__typename") => leaf(Field::Typename("TransactionEdge")),
        (Type::TransactionEdge, "cursor") => leaf(Field::Cursor),
        (Type::TransactionEdge, "node") => Some(Field::TransactionObject(picks_of(Type::Transaction, nested)?)),
        (Type::PageInfo, "__typename") => leaf(Field::Typename("PageInfo")),
        (Type::PageInfo, name) => leaf(Field::Page(page_field(name)?)),
        (Type::TransactionConnection | Type::TransactionEdge | Type::MyWallet, _) => None,
    }
}

/// `transactions` with its `first` and `after`, at most; a `filter` goes to the executor.
fn history(field: &Positioned<Selected>) -> Option<History> {
    let mut names = field.node.arguments.iter().map(|(name, _)| name.node.as_str());
    if !names.all(|name| name == "first" || name == "after") {
        return None;
    }
    let picks = picks_of(Type::TransactionConnection, &field.node.selection_set.node)?;
    Some(History { pos: field.pos, field: field.node.clone(), picks })
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

fn page_field(name: &str) -> Option<PageOf> {
    Some(match name {
        "hasPreviousPage" => PageOf::HasPrevious,
        "hasNextPage" => PageOf::HasNext,
        "startCursor" => PageOf::StartCursor,
        "endCursor" => PageOf::EndCursor,
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

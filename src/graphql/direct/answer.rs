//! Each pick answered from the event (or a move's outcome, or a wallet and its page), with
//! the values the executor would give.

use std::io::Write as _;

use async_graphql::indexmap::IndexMap;
use async_graphql::{Name, PathSegment, Pos, ScalarType, ServerError, Value};
use rust_decimal::Decimal;

use super::picks::{Field, Of, PageOf, Pick, Tx};
use crate::db::models::{TransactionRow, WalletRow};
use crate::domain::{Cursor, Money, TransactionKind, rfc3339};
use crate::error::ApiError;
use crate::events::BalanceEvent;
use crate::graphql::scalars::{DateTime, to_id, to_int};
use crate::services::history::Page;

/// Where an object sits in the response, from the root field down: the path of an error
/// inside it, built only when there is one.
#[derive(Clone, Copy)]
pub(super) enum At<'a> {
    Root(&'a Name),
    Key(&'a At<'a>, &'a Name),
    Index(&'a At<'a>, usize),
}

impl At<'_> {
    /// The path of the field `last` of this object.
    fn path(&self, last: &Name) -> Vec<PathSegment> {
        let mut path = self.path_to();
        path.push(PathSegment::Field(last.to_string()));
        path
    }

    fn path_to(&self) -> Vec<PathSegment> {
        let mut path = self.parent().map_or_else(Vec::new, |parent| parent.path_to());
        path.push(self.segment());
        path
    }

    fn parent(&self) -> Option<&At<'_>> {
        match self {
            At::Root(_) => None,
            At::Key(parent, _) | At::Index(parent, _) => Some(parent),
        }
    }

    fn segment(&self) -> PathSegment {
        match self {
            At::Root(key) | At::Key(_, key) => PathSegment::Field(key.to_string()),
            At::Index(_, index) => PathSegment::Index(*index),
        }
    }
}

/// What the picks are answered from: a balance event, a move's outcome, or the viewer's
/// wallet with a page of its history; inside an edge, its transaction and cursor.
#[derive(Clone, Copy)]
pub(super) struct Rows<'a> {
    pub(super) wallet: &'a WalletRow,
    pub(super) transaction: Option<&'a TransactionRow>,
    pub(super) page: Option<&'a Page<TransactionRow>>,
    pub(super) cursor: Option<Cursor>,
}

impl<'a> Rows<'a> {
    pub(super) fn new(wallet: &'a WalletRow, transaction: Option<&'a TransactionRow>) -> Self {
        Self { wallet, transaction, page: None, cursor: None }
    }
}

impl<'a> From<&'a BalanceEvent> for Rows<'a> {
    fn from(event: &'a BalanceEvent) -> Self {
        Self::new(&event.wallet, event.transaction.as_ref())
    }
}

/// What one pick is, for these rows: a value, an object or the page's edges to answer
/// with the same picks, a failed field or one left out.
enum Part<'p, 'r> {
    Leaf(Leaf<'r>),
    Object(&'p [Pick], Rows<'r>),
    Edges(&'p [Pick], Rows<'r>),
    Failed(ApiError, Pos),
    LeftOut,
}

fn part<'p, 'r>(pick: &'p Pick, rows: Rows<'r>) -> Part<'p, 'r> {
    match &pick.field {
        Field::Typename(name) => Part::Leaf(Leaf::Text(name)),
        Field::Wallet(of) => Part::Leaf(wallet_value(rows.wallet, *of)),
        Field::WalletObject(picks) | Field::PageInfo(picks) => Part::Object(picks, rows),
        Field::TransactionObject(picks) => match rows.transaction {
            None => Part::Leaf(Leaf::Value(Value::Null)),
            Some(_) => Part::Object(picks, rows),
        },
        Field::Transaction(tx) => match rows.transaction.map(|row| transaction_value(row, *tx)) {
            Some(Ok(leaf)) => Part::Leaf(leaf),
            // async-graphql's executor leaves a failed field out of its object, null or
            // not, and reports the field's error.
            Some(Err((error, pos))) => Part::Failed(error, pos),
            None => Part::Leaf(Leaf::Value(Value::Null)),
        },
        // No page: its error is the caller's to report, and the field is left out.
        Field::History(history) => match rows.page {
            Some(_) => Part::Object(&history.picks, rows),
            None => Part::LeftOut,
        },
        Field::Edges(picks) => Part::Edges(picks, rows),
        Field::Cursor => {
            Part::Leaf(Leaf::Value(rows.cursor.map_or(Value::Null, |cursor| Value::String(cursor.encode()))))
        }
        Field::Page(of) => Part::Leaf(Leaf::Value(rows.page.map_or(Value::Null, |page| page_value(page, *of)))),
    }
}

/// The rows of each edge of the page.
fn edges<'r>(rows: Rows<'r>) -> impl Iterator<Item = Rows<'r>> {
    let items = rows.page.map_or(&[][..], |page| &page.items[..]);
    items.iter().map(move |(cursor, row)| Rows { transaction: Some(row), cursor: Some(*cursor), ..rows })
}

/// The values of `picks`, for the object at `at`; a field's error goes to `errors`.
pub(super) fn object(picks: &[Pick], rows: Rows<'_>, at: At<'_>, errors: &mut Vec<ServerError>) -> Value {
    let mut fields = IndexMap::with_capacity(picks.len());
    for pick in picks {
        let value = match part(pick, rows) {
            Part::Leaf(leaf) => leaf.into_value(),
            Part::Object(picks, rows) => object(picks, rows, At::Key(&at, &pick.key), errors),
            Part::Edges(picks, rows) => {
                let list = At::Key(&at, &pick.key);
                let edge = |(index, rows)| object(picks, rows, At::Index(&list, index), errors);
                Value::List(edges(rows).enumerate().map(edge).collect())
            }
            Part::Failed(error, pos) => {
                let located = async_graphql::Error::from(error).into_server_error(pos);
                errors.push(located.with_path(at.path(&pick.key)));
                continue;
            }
            Part::LeftOut => continue,
        };
        fields.insert(pick.key.clone(), value);
    }
    // As the executor's: an object none of whose fields is left is null.
    if fields.is_empty() { Value::Null } else { Value::Object(fields) }
}

/// The same object as [`object`], written straight as the executor's JSON: no tree of
/// values built, hashed and dropped. None when a field fails or is left out; the caller
/// then answers with `object`, which reports it.
pub(super) fn write(picks: &[Pick], rows: Rows<'_>, out: &mut Vec<u8>) -> Option<()> {
    if picks.is_empty() {
        return None;
    }
    out.push(b'{');
    for (index, pick) in picks.iter().enumerate() {
        if index > 0 {
            out.push(b',');
        }
        serde_json::to_writer(&mut *out, pick.key.as_str()).ok()?;
        out.push(b':');
        match part(pick, rows) {
            Part::Leaf(leaf) => leaf.write(out)?,
            Part::Object(picks, rows) => write(picks, rows, out)?,
            Part::Edges(picks, rows) => {
                out.push(b'[');
                for (index, rows) in edges(rows).enumerate() {
                    if index > 0 {
                        out.push(b',');
                    }
                    write(picks, rows, out)?;
                }
                out.push(b']');
            }
            Part::Failed(..) | Part::LeftOut => return None,
        }
    }
    out.push(b'}');
    Some(())
}

/// A scalar of the answer. The tree of values takes it as the resolver's value; the writer
/// writes those bytes without making the value (an id, an amount or a text is not copied
/// into a string of its own first).
enum Leaf<'r> {
    Value(Value),
    Text(&'r str),
    Id(i64),
    Money(Decimal),
    Int(i32),
    Time(chrono::DateTime<chrono::Utc>),
}

impl Leaf<'_> {
    fn into_value(self) -> Value {
        match self {
            Leaf::Value(value) => value,
            Leaf::Text(text) => Value::String(text.to_owned()),
            Leaf::Id(id) => to_id(id).to_value(),
            Leaf::Money(amount) => Money::from_decimal(amount).to_value(),
            Leaf::Int(int) => Value::from(int),
            Leaf::Time(at) => DateTime(at).to_value(),
        }
    }

    fn write(self, out: &mut Vec<u8>) -> Option<()> {
        match self {
            Leaf::Value(value) => serde_json::to_writer(&mut *out, &value).ok(),
            Leaf::Text(text) => serde_json::to_writer(&mut *out, text).ok(),
            // Digits, a sign and a point, and RFC 3339: nothing that JSON escapes.
            Leaf::Id(id) => write!(out, "\"{id}\"").ok(),
            Leaf::Money(amount) => write!(out, "\"{}\"", Money::from_decimal(amount)).ok(),
            Leaf::Int(int) => write!(out, "{int}").ok(),
            Leaf::Time(at) => write!(out, "\"{}\"", rfc3339(at)).ok(),
        }
    }
}

fn wallet_value(wallet: &WalletRow, of: Of) -> Leaf<'_> {
    match of {
        Of::Id => Leaf::Id(wallet.id),
        Of::Number => Leaf::Text(&wallet.number),
        Of::Balance => Leaf::Money(wallet.balance),
        Of::Available => Leaf::Money(wallet.available()),
        Of::Held => Leaf::Money(wallet.held),
        Of::Currency => Leaf::Text(&wallet.currency),
        Of::Version => Leaf::Int(to_int(wallet.version)),
    }
}

fn page_value(page: &Page<TransactionRow>, of: PageOf) -> Value {
    let cursor = |item: Option<&(Cursor, TransactionRow)>| {
        item.map_or(Value::Null, |(cursor, _)| Value::String(cursor.encode()))
    };
    match of {
        PageOf::HasPrevious => Value::Boolean(page.has_previous),
        PageOf::HasNext => Value::Boolean(page.has_next),
        PageOf::StartCursor => cursor(page.items.first()),
        PageOf::EndCursor => cursor(page.items.last()),
    }
}

fn transaction_value(row: &TransactionRow, tx: Tx) -> Result<Leaf<'_>, (ApiError, Pos)> {
    fn text(text: &Option<String>) -> Leaf<'_> {
        text.as_deref().map_or(Leaf::Value(Value::Null), Leaf::Text)
    }
    Ok(match tx {
        Tx::Id => Leaf::Id(row.id),
        Tx::Kind(pos) => match TransactionKind::from_db(&row.kind) {
            Some(kind) => Leaf::Value(async_graphql::resolver_utils::enum_value(kind)),
            None => return Err((ApiError::internal("unknown transaction kind", &row.kind), pos)),
        },
        Tx::Amount => Leaf::Money(row.amount),
        Tx::BalanceAfter => Leaf::Money(row.balance_after),
        Tx::WalletVersion => Leaf::Int(to_int(row.wallet_version)),
        Tx::Reference => text(&row.reference),
        Tx::Comment => text(&row.comment),
        Tx::CreatedAt => Leaf::Time(row.created_at),
    })
}

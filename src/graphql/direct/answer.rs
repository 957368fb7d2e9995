//! Each pick answered from the event (or a move's outcome), with the values the executor
//! would give.

use async_graphql::indexmap::IndexMap;
use async_graphql::{Name, PathSegment, Pos, ScalarType, ServerError, Value};

use super::picks::{Field, Of, Pick, Tx};
use crate::db::models::{TransactionRow, WalletRow};
use crate::domain::{Money, TransactionKind};
use crate::error::ApiError;
use crate::events::BalanceEvent;
use crate::graphql::scalars::{DateTime, to_id, to_int};

/// The root field's key, for the path of a field's error, and the errors so far.
pub(super) struct Path<'a> {
    pub(super) root: &'a Name,
    pub(super) errors: &'a mut Vec<ServerError>,
}

/// What the picks are answered from: a balance event, or a move's outcome.
#[derive(Clone, Copy)]
pub(super) struct Rows<'a> {
    pub(super) wallet: &'a WalletRow,
    pub(super) transaction: Option<&'a TransactionRow>,
}

impl<'a> From<&'a BalanceEvent> for Rows<'a> {
    fn from(event: &'a BalanceEvent) -> Self {
        Self { wallet: &event.wallet, transaction: event.transaction.as_ref() }
    }
}

/// The values of `picks`; inside `transaction { … }`, that transaction and its key.
pub(super) fn object(
    picks: &[Pick],
    rows: Rows<'_>,
    transaction: Option<(&TransactionRow, &Name)>,
    path: &mut Path,
) -> Value {
    let mut fields = IndexMap::with_capacity(picks.len());
    for pick in picks {
        let value = match &pick.field {
            Field::Typename(name) => Value::String((*name).to_owned()),
            Field::Wallet(of) => wallet_value(rows.wallet, *of),
            Field::WalletObject(picks) => object(picks, rows, None, path),
            Field::TransactionObject(picks) => match rows.transaction {
                None => Value::Null,
                Some(row) => object(picks, rows, Some((row, &pick.key)), path),
            },
            Field::Transaction(tx) => match transaction.map(|(row, key)| (transaction_value(row, *tx), key)) {
                Some((Ok(value), _)) => value,
                // A non-null field failed: the executor nulls the nearest nullable object
                // (an event's `transaction`; in a move's payload, `data`, as the caller
                // does) and reports the field's error.
                Some((Err((error, pos)), key)) => {
                    let keys = [path.root.to_string(), key.to_string(), pick.key.to_string()];
                    let located = async_graphql::Error::from(error).into_server_error(pos);
                    path.errors.push(located.with_path(keys.map(PathSegment::Field).to_vec()));
                    return Value::Null;
                }
                None => Value::Null,
            },
        };
        fields.insert(pick.key.clone(), value);
    }
    Value::Object(fields)
}

fn wallet_value(wallet: &WalletRow, of: Of) -> Value {
    match of {
        Of::Id => to_id(wallet.id).to_value(),
        Of::Number => Value::String(wallet.number.clone()),
        Of::Balance => Money::from_decimal(wallet.balance).to_value(),
        Of::Available => Money::from_decimal(wallet.available()).to_value(),
        Of::Held => Money::from_decimal(wallet.held).to_value(),
        Of::Currency => Value::String(wallet.currency.clone()),
        Of::Version => Value::from(to_int(wallet.version)),
    }
}

fn transaction_value(row: &TransactionRow, tx: Tx) -> Result<Value, (ApiError, Pos)> {
    let text = |text: &Option<String>| text.clone().map_or(Value::Null, Value::String);
    Ok(match tx {
        Tx::Id => to_id(row.id).to_value(),
        Tx::Kind(pos) => match TransactionKind::from_db(&row.kind) {
            Some(kind) => async_graphql::resolver_utils::enum_value(kind),
            None => return Err((ApiError::internal("unknown transaction kind", &row.kind), pos)),
        },
        Tx::Amount => Money::from_decimal(row.amount).to_value(),
        Tx::BalanceAfter => Money::from_decimal(row.balance_after).to_value(),
        Tx::WalletVersion => Value::from(to_int(row.wallet_version)),
        Tx::Reference => text(&row.reference),
        Tx::Comment => text(&row.comment),
        Tx::CreatedAt => DateTime(row.created_at).to_value(),
    })
}

//! The statements every hold shares: a change of a wallet's held amount (one version, one
//! wallet_changes row that is its journal entry and outbox row), and the key conflicts.

use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;

use crate::db::models::{WalletChangeRow, WalletRow};
use crate::db::schema::{wallet_changes, wallets};
use crate::domain::HoldStatus;

/// Adds `delta` to the wallet's held amount (positive: a new hold; negative: a release)
/// and bumps its version, guarded so that available never goes below zero (the CHECK on
/// wallets backs it). None when the guard refused: available is below `delta`.
pub(super) async fn change(
    conn: &mut AsyncPgConnection,
    wallet_id: i64,
    delta: Decimal,
    hold_id: i64,
    status: HoldStatus,
) -> QueryResult<Option<(WalletRow, WalletChangeRow)>> {
    let wallet: Option<WalletRow> = diesel::update(wallets::table.find(wallet_id))
        .filter((wallets::balance - wallets::held).ge(delta))
        .set((wallets::held.eq(wallets::held + delta), wallets::version.eq(wallets::version + 1)))
        .returning(WalletRow::as_returning())
        .get_result(conn)
        .await
        .optional()?;
    let Some(wallet) = wallet else { return Ok(None) };
    let change = diesel::insert_into(wallet_changes::table)
        .values((
            wallet_changes::wallet_id.eq(wallet.id),
            wallet_changes::wallet_version.eq(wallet.version),
            wallet_changes::hold_id.eq(hold_id),
            wallet_changes::status.eq(status.as_str()),
            wallet_changes::balance_after.eq(wallet.balance),
            wallet_changes::held_after.eq(wallet.held),
        ))
        .returning(WalletChangeRow::as_returning())
        .get_result(conn)
        .await?;
    Ok(Some((wallet, change)))
}

/// The wallet as the change that gave `hold_id` this status left it.
pub(super) async fn as_of(conn: &mut AsyncPgConnection, hold_id: i64, status: HoldStatus) -> QueryResult<WalletRow> {
    let (change, wallet): (WalletChangeRow, WalletRow) = wallet_changes::table
        .inner_join(wallets::table)
        .filter(wallet_changes::hold_id.eq(hold_id))
        .filter(wallet_changes::status.eq(status.as_str()))
        .select((WalletChangeRow::as_select(), WalletRow::as_select()))
        .first(conn)
        .await?;
    Ok(wallet.as_of_change(&change))
}

/// True when an insert or update hit one of the holds' (actor, idempotency key) indexes:
/// another request with this key committed first.
pub(super) fn is_key_conflict(error: &DieselError) -> bool {
    matches!(error, DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, info)
    if info.constraint_name().is_some_and(|name| {
        matches!(name, "holds_user_key_idx" | "holds_api_key_key_idx" | "holds_user_release_idx" | "holds_api_key_release_idx")
    }))
}

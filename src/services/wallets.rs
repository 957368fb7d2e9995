use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use crate::db::models::WalletRow;
use crate::db::schema::wallets;
use crate::domain::WalletNumber;
use crate::error::{ApiError, ApiResult};
use crate::services::sessions::{Asker, Viewer};
use crate::state::AppState;

/// The viewer's own wallet (every user has exactly one).
pub(crate) async fn mine(state: &AppState, viewer: &Viewer) -> ApiResult<WalletRow> {
    let mut conn = state.conn().await?;
    Ok(wallets::table
        .filter(wallets::owner_id.eq(viewer.user_id))
        .select(WalletRow::as_select())
        .first(&mut conn)
        .await?)
}

/// Parses a wallet number typed by a person; a mistyped one is BAD_USER_INPUT.
pub(crate) fn parse_number(text: &str) -> ApiResult<WalletNumber> {
    WalletNumber::parse(text).map_err(|error| ApiError::bad_input(error.to_string()))
}

/// CASHIER, ADMIN: the wallet a customer names, or None when the valid number is unused.
pub(crate) async fn by_number(state: &AppState, viewer: &Viewer, number: &str) -> ApiResult<Option<WalletRow>> {
    viewer.require_staff()?;
    let number = parse_number(number)?;
    let mut conn = state.conn().await?;
    Ok(wallets::table
        .filter(wallets::number.eq(number.as_str()))
        .select(WalletRow::as_select())
        .first(&mut conn)
        .await
        .optional()?)
}

/// Wallets by id (data loader); shown only through [`shown_to`].
pub(crate) async fn by_ids(state: &AppState, ids: &[i64]) -> ApiResult<Vec<WalletRow>> {
    let mut conn = state.conn().await?;
    Ok(wallets::table.filter(wallets::id.eq_any(ids)).select(WalletRow::as_select()).load(&mut conn).await?)
}

/// Wallets by owner (data loader for User.wallet); shown only through [`shown_to`].
pub(crate) async fn by_owners(state: &AppState, owner_ids: &[i64]) -> ApiResult<Vec<WalletRow>> {
    let mut conn = state.conn().await?;
    Ok(wallets::table
        .filter(wallets::owner_id.eq_any(owner_ids))
        .select(WalletRow::as_select())
        .load(&mut conn)
        .await?)
}

/// The ownership rule for a wallet reached through an edge (a transaction's wallet, a
/// user's wallet): its owner, cashiers and admins see it; anyone else is FORBIDDEN.
pub(crate) fn shown_to(asker: Asker<'_>, wallet: WalletRow) -> ApiResult<WalletRow> {
    asker.require_wallet_of(wallet.owner_id)?;
    Ok(wallet)
}

//! Reading holds: one by id, a wallet's page, an order.

use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use crate::db::models::{HoldRow, TransactionRow, WalletRow};
use crate::db::schema::{holds, transactions, wallets};
use crate::domain::{HoldStatus, TransactionKind};
use crate::error::ApiResult;
use crate::services::history::{Page, PageRequest};
use crate::services::sessions::viewer::Actor;
use crate::state::AppState;

/// The most holds, and the most transactions, one order answers.
const ORDER_LIMIT: i64 = 1000;

/// Everything Kassa knows about one of the portal's orders, oldest first.
pub(crate) struct Order {
    pub reference: String,
    pub holds: Vec<HoldRow>,
    pub transactions: Vec<TransactionRow>,
}

/// The wallet's owner, CASHIER, ADMIN or an API key with PAYMENTS_READ.
fn may_read(actor: Actor<'_>, wallet: &WalletRow) -> bool {
    match actor {
        Actor::User(viewer) => viewer.can_see_wallet_of(wallet.owner_id),
        Actor::Key(key) => key.can_read_payments(),
    }
}

/// The hold and its wallet, or None when there is none or the actor may not see it: a
/// customer cannot tell another's hold from a missing one.
pub(crate) async fn hold(state: &AppState, actor: Actor<'_>, id: i64) -> ApiResult<Option<(HoldRow, WalletRow)>> {
    let mut conn = state.conn().await?;
    let found: Option<(HoldRow, WalletRow)> = holds::table
        .inner_join(wallets::table)
        .filter(holds::id.eq(id))
        .select((HoldRow::as_select(), WalletRow::as_select()))
        .first(&mut conn)
        .await
        .optional()?;
    Ok(found.filter(|(_, wallet)| may_read(actor, wallet)))
}

/// A wallet's holds, newest first, for those who may read them (FORBIDDEN otherwise).
pub(crate) async fn of_wallet(
    state: &AppState,
    actor: Actor<'_>,
    wallet: &WalletRow,
    status: Option<HoldStatus>,
    page: PageRequest,
) -> ApiResult<Page<HoldRow>> {
    if !may_read(actor, wallet) {
        return Err(crate::error::ApiError::Forbidden("this wallet belongs to another user"));
    }
    let mut query = holds::table
        .filter(holds::wallet_id.eq(wallet.id))
        .select(HoldRow::as_select())
        .order(holds::id.desc())
        .limit(page.limit())
        .into_boxed();
    if let Some(status) = status {
        query = query.filter(holds::status.eq(status.as_str()));
    }
    if let Some(after) = page.after {
        query = query.filter(holds::id.lt(after.0));
    }
    let mut conn = state.conn().await?;
    Ok(page.finish(query.load(&mut conn).await?, |row| row.id))
}

/// An API key with PAYMENTS_READ, CASHIER or ADMIN: the order's holds, and the PAYMENTs
/// with its reference and their REFUNDs, oldest first.
pub(crate) async fn order(state: &AppState, actor: Actor<'_>, reference: &str) -> ApiResult<Order> {
    match actor {
        Actor::User(viewer) => viewer.require_staff()?,
        Actor::Key(key) => key.require_read()?,
    }
    let reference = crate::services::text::required("reference", reference, 100)?;
    let mut conn = state.conn().await?;
    let holds: Vec<HoldRow> = holds::table
        .filter(holds::order_reference.eq(&reference))
        .order(holds::id.asc())
        .limit(ORDER_LIMIT)
        .select(HoldRow::as_select())
        .load(&mut conn)
        .await?;
    let payments: Vec<i64> = transactions::table
        .filter(transactions::kind.eq(TransactionKind::Payment.as_str()))
        .filter(transactions::reference.eq(&reference))
        .order(transactions::id.asc())
        .limit(ORDER_LIMIT)
        .select(transactions::id)
        .load(&mut conn)
        .await?;
    let transactions: Vec<TransactionRow> = transactions::table
        .filter(transactions::id.eq_any(&payments).or(transactions::refund_of.eq_any(&payments)))
        .order(transactions::id.asc())
        .limit(ORDER_LIMIT)
        .select(TransactionRow::as_select())
        .load(&mut conn)
        .await?;
    Ok(Order { reference, holds, transactions })
}

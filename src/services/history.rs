use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use crate::db::models::{TransactionRow, WalletRow};
use crate::db::schema::transactions;
use crate::domain::{Cursor, TransactionKind};
use crate::error::{ApiError, ApiResult};
use crate::services::sessions::{Asker, Viewer};
use crate::state::AppState;

/// The page size when a client does not ask for one, and the largest it may ask for.
pub(crate) const DEFAULT_PAGE: i64 = 20;
pub(crate) const MAX_PAGE: i64 = 100;

/// A forward page request: `first` items after `after`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PageRequest {
    pub first: i64,
    pub after: Option<Cursor>,
}

impl PageRequest {
    pub(crate) fn parse(first: Option<i32>, after: Option<&str>) -> ApiResult<Self> {
        let first = i64::from(first.unwrap_or(DEFAULT_PAGE as i32));
        if !(0..=MAX_PAGE).contains(&first) {
            return Err(ApiError::bad_input(format!("first must be between 0 and {MAX_PAGE}")));
        }
        let after = after
            .map(|text| Cursor::decode(text).ok_or_else(|| ApiError::bad_input("after is not a cursor from this API")))
            .transpose()?;
        Ok(Self { first, after })
    }

    /// Rows to fetch: one more than the page, to know whether another page follows.
    pub(crate) fn limit(self) -> i64 {
        self.first + 1
    }

    /// Trims the extra row and builds the page.
    pub(crate) fn finish<T>(self, mut items: Vec<T>, id: impl Fn(&T) -> i64) -> Page<T> {
        let has_next = items.len() as i64 > self.first;
        items.truncate(self.first as usize);
        let items = items.into_iter().map(|item| (Cursor(id(&item)), item)).collect();
        Page { items, has_next, has_previous: self.after.is_some() }
    }
}

/// One page of a connection, each item with its cursor.
pub(crate) struct Page<T> {
    pub items: Vec<(Cursor, T)>,
    pub has_next: bool,
    pub has_previous: bool,
}

/// Which transactions to list.
#[derive(Clone, Debug, Default)]
pub(crate) struct Filter {
    pub kinds: Option<Vec<TransactionKind>>,
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
}

/// A wallet's history, newest first: for its owner, cashiers and admins.
pub(crate) async fn of_wallet(
    state: &AppState,
    asker: Asker<'_>,
    wallet: &WalletRow,
    filter: &Filter,
    page: PageRequest,
) -> ApiResult<Page<TransactionRow>> {
    asker.require_wallet_of(wallet.owner_id)?;
    list(state, Some(wallet.id), filter, page).await
}

/// CASHIER, ADMIN: every wallet's transactions, newest first, since `since` (default: 24 h ago).
pub(crate) async fn recent(
    state: &AppState,
    viewer: &Viewer,
    since: Option<DateTime<Utc>>,
    page: PageRequest,
) -> ApiResult<Page<TransactionRow>> {
    viewer.require_staff()?;
    let since = since.unwrap_or_else(|| Utc::now() - Duration::hours(24));
    list(state, None, &Filter { since: Some(since), ..Filter::default() }, page).await
}

async fn list(
    state: &AppState,
    wallet_id: Option<i64>,
    filter: &Filter,
    page: PageRequest,
) -> ApiResult<Page<TransactionRow>> {
    let mut query = transactions::table
        .select(TransactionRow::as_select())
        .order(transactions::id.desc())
        .limit(page.limit())
        .into_boxed();
    if let Some(wallet_id) = wallet_id {
        query = query.filter(transactions::wallet_id.eq(wallet_id));
    }
    if let Some(kinds) = &filter.kinds {
        query = query.filter(transactions::kind.eq_any(kinds.iter().map(|kind| kind.as_str())));
    }
    if let Some(since) = filter.since {
        query = query.filter(transactions::created_at.ge(since));
    }
    if let Some(until) = filter.until {
        query = query.filter(transactions::created_at.lt(until));
    }
    if let Some(Cursor(after)) = page.after {
        query = query.filter(transactions::id.lt(after));
    }
    let mut conn = state.conn().await?;
    let rows = query.load(&mut conn).await?;
    Ok(page.finish(rows, |row| row.id))
}

/// Transactions by id (for the data loader); visibility is checked by the caller.
pub(crate) async fn by_ids(state: &AppState, ids: &[i64]) -> ApiResult<Vec<TransactionRow>> {
    let mut conn = state.conn().await?;
    Ok(transactions::table
        .filter(transactions::id.eq_any(ids))
        .select(TransactionRow::as_select())
        .load(&mut conn)
        .await?)
}

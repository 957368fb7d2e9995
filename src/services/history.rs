use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Nullable, Text, Timestamptz};
use diesel_async::RunQueryDsl;

use crate::db::models::{TransactionRow, WalletRow};
use crate::db::schema::transactions;
use crate::domain::{Cursor, TransactionKind};
use crate::error::{ApiError, ApiResult};
use crate::services::sessions::viewer::{Asker, Viewer};
use crate::state::AppState;

/// The page size when a client does not ask for one, and the largest it may ask for.
pub(crate) const DEFAULT_PAGE: i64 = 20;
pub(crate) const MAX_PAGE: i64 = 100;

/// A forward page request: `first` items after `after`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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
#[derive(Clone)]
pub(crate) struct Page<T> {
    pub items: Vec<(Cursor, T)>,
    pub has_next: bool,
    pub has_previous: bool,
}

/// Which transactions to list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub(crate) struct Filter {
    pub kinds: Option<Vec<TransactionKind>>,
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
}

/// The ownership rule for a wallet's history: its owner, cashiers and admins.
pub(crate) fn require_visible(asker: Asker<'_>, wallet: &WalletRow) -> ApiResult<()> {
    asker.require_wallet_of(wallet.owner_id)
}

/// The histories of several wallets, newest first, one page each, in one query (for the
/// data loader: a page of transactions whose wallets each show their own history), from
/// the replica when it serves. The caller has checked [`require_visible`] for each.
pub(crate) async fn of_wallets(
    state: &AppState,
    wallet_ids: &[i64],
    filter: &Filter,
    page: PageRequest,
) -> ApiResult<HashMap<i64, Page<TransactionRow>>> {
    if let [wallet_id] = wallet_ids {
        return Ok(HashMap::from([(*wallet_id, of_wallet(state, *wallet_id, filter, page).await?)]));
    }
    let kinds = filter.kinds.as_ref().map(|kinds| kinds.iter().map(|kind| kind.as_str()).collect::<Vec<_>>());
    let rows: Vec<TransactionRow> = state
        .read(async |conn| {
            diesel::sql_query(PAGES_OF_WALLETS)
                .bind::<Array<BigInt>, _>(wallet_ids)
                .bind::<Nullable<Array<Text>>, _>(&kinds)
                .bind::<Nullable<Timestamptz>, _>(filter.since)
                .bind::<Nullable<Timestamptz>, _>(filter.until)
                .bind::<Nullable<BigInt>, _>(page.after.map(|Cursor(id)| id))
                .bind::<BigInt, _>(page.limit())
                .load(conn)
                .await
        })
        .await?;
    let mut by_wallet: HashMap<i64, Vec<TransactionRow>> = wallet_ids.iter().map(|id| (*id, Vec::new())).collect();
    for row in rows {
        by_wallet.entry(row.wallet_id).or_default().push(row);
    }
    Ok(by_wallet.into_iter().map(|(id, rows)| (id, page.finish(rows, |row| row.id))).collect())
}

/// One wallet's history, newest first, one page, from the replica when it serves. The
/// caller has checked [`require_visible`].
pub(crate) async fn of_wallet(
    state: &AppState,
    wallet_id: i64,
    filter: &Filter,
    page: PageRequest,
) -> ApiResult<Page<TransactionRow>> {
    list(state, Some(wallet_id), filter, page).await
}

/// One page per wallet: the (wallet_id, id DESC) index serves each lateral scan.
const PAGES_OF_WALLETS: &str = "
SELECT t.* FROM unnest($1::bigint[]) AS w(id)
CROSS JOIN LATERAL (
    SELECT * FROM transactions
    WHERE wallet_id = w.id
      AND ($2::text[] IS NULL OR kind = ANY($2))
      AND ($3::timestamptz IS NULL OR created_at >= $3)
      AND ($4::timestamptz IS NULL OR created_at < $4)
      AND ($5::bigint IS NULL OR id < $5)
    ORDER BY id DESC
    LIMIT $6
) t
ORDER BY t.wallet_id, t.id DESC";

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

/// A history page, from the replica when it serves (see `AppState::read`): a move that just
/// committed may be missing for as long as the replica lags.
async fn list(
    state: &AppState,
    wallet_id: Option<i64>,
    filter: &Filter,
    page: PageRequest,
) -> ApiResult<Page<TransactionRow>> {
    let rows = state
        .read(async |conn| {
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
            query.load(conn).await
        })
        .await?;
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

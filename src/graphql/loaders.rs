//! Batches the edges of a page (performedBy, wallet, paymentSystem...) into one query per
//! kind of row, so a page of 100 transactions costs a handful of queries, not hundreds.
//! Outside a list there is nothing to batch: [`load_one`] loads the one key directly.

use std::collections::HashMap;
use std::hash::Hash;

use async_graphql::dataloader::{DataLoader, Loader};
use async_graphql::{Context, QueryPathSegment};

use crate::db::models::{InvoiceRow, PaymentSystemRow, TransactionRow, User, WalletRow};
use crate::error::ApiError;
use crate::services::history::{Filter, Page, PageRequest};
use crate::services::{history, invoices, payment_systems, users, wallets};
use crate::state::AppState;

/// One loader per request: batches within the request and caches nothing across requests.
pub(super) type Loaders = DataLoader<DbLoader>;

pub(super) fn for_request(state: AppState) -> Loaders {
    DataLoader::new(DbLoader(state), tokio::spawn)
}

pub(super) struct DbLoader(AppState);

/// One row by its key. Under a list element, through the request's loader, so that the
/// siblings asking for the same kind of row share one query; anywhere else (myWallet,
/// walletByNumber, a payload) directly, as a batch of one, without the loader's batching
/// wait and task of its own.
///
/// Both ways are boxed. async-graphql keeps each field of an object in one future sized by
/// the object's largest field, and boxes one per selected field: a loader's future (a pool
/// checkout and a query) inline made every field of a Transaction that large, copied into
/// its box twenty times per page of twenty (docs/benchmarks.md, change 27).
pub(super) async fn load_one<K>(ctx: &Context<'_>, key: K) -> Result<Option<<DbLoader as Loader<K>>::Value>, ApiError>
where
    K: Send + Sync + Hash + Eq + Clone + 'static,
    DbLoader: Loader<K, Error = ApiError>,
{
    // Put in every request's data by `for_request` (Api::prepare).
    let loaders = ctx.data_unchecked::<Loaders>();
    if in_list(ctx) {
        return Box::pin(loaders.load_one(key)).await;
    }
    Ok(Box::pin(loaders.loader().load(std::slice::from_ref(&key))).await?.remove(&key))
}

/// Whether the field is resolved for an element of a list, where siblings may ask too.
fn in_list(ctx: &Context<'_>) -> bool {
    let Some(node) = &ctx.path_node else { return false };
    std::iter::once(node).chain(node.parents()).any(|node| matches!(node.segment, QueryPathSegment::Index(_)))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) struct UserId(pub(super) i64);
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) struct WalletId(pub(super) i64);
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) struct WalletOwner(pub(super) i64);
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) struct PaymentSystemId(pub(super) i64);
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) struct TransactionId(pub(super) i64);
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct InvoiceId(pub(super) i64);
/// The top-up that paid an invoice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct InvoiceTopUp(pub(crate) i64);
/// One page of one wallet's history.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) struct WalletHistory {
    pub(super) wallet_id: i64,
    pub(super) filter: Filter,
    pub(super) page: PageRequest,
}

fn ids<K: Copy>(keys: &[K], id: impl Fn(K) -> i64) -> Vec<i64> {
    keys.iter().map(|key| id(*key)).collect()
}

impl Loader<UserId> for DbLoader {
    type Value = User;
    type Error = ApiError;

    async fn load(&self, keys: &[UserId]) -> Result<HashMap<UserId, User>, ApiError> {
        let rows = users::by_ids(&self.0, &ids(keys, |k| k.0)).await?;
        Ok(rows.into_iter().map(|user| (UserId(user.row.id), user)).collect())
    }
}

impl Loader<WalletId> for DbLoader {
    type Value = WalletRow;
    type Error = ApiError;

    async fn load(&self, keys: &[WalletId]) -> Result<HashMap<WalletId, WalletRow>, ApiError> {
        let rows = wallets::by_ids(&self.0, &ids(keys, |k| k.0)).await?;
        Ok(rows.into_iter().map(|wallet| (WalletId(wallet.id), wallet)).collect())
    }
}

impl Loader<WalletOwner> for DbLoader {
    type Value = WalletRow;
    type Error = ApiError;

    async fn load(&self, keys: &[WalletOwner]) -> Result<HashMap<WalletOwner, WalletRow>, ApiError> {
        let rows = wallets::by_owners(&self.0, &ids(keys, |k| k.0)).await?;
        Ok(rows.into_iter().map(|wallet| (WalletOwner(wallet.owner_id), wallet)).collect())
    }
}

impl Loader<PaymentSystemId> for DbLoader {
    type Value = PaymentSystemRow;
    type Error = ApiError;

    async fn load(&self, keys: &[PaymentSystemId]) -> Result<HashMap<PaymentSystemId, PaymentSystemRow>, ApiError> {
        let rows = payment_systems::by_ids(&self.0, &ids(keys, |k| k.0)).await?;
        Ok(rows.into_iter().map(|row| (PaymentSystemId(row.id), row)).collect())
    }
}

impl Loader<TransactionId> for DbLoader {
    type Value = TransactionRow;
    type Error = ApiError;

    async fn load(&self, keys: &[TransactionId]) -> Result<HashMap<TransactionId, TransactionRow>, ApiError> {
        let rows = history::by_ids(&self.0, &ids(keys, |k| k.0)).await?;
        Ok(rows.into_iter().map(|row| (TransactionId(row.id), row)).collect())
    }
}

impl Loader<InvoiceId> for DbLoader {
    type Value = InvoiceRow;
    type Error = ApiError;

    async fn load(&self, keys: &[InvoiceId]) -> Result<HashMap<InvoiceId, InvoiceRow>, ApiError> {
        let rows = invoices::by_ids(&self.0, &ids(keys, |k| k.0)).await?;
        Ok(rows.into_iter().map(|row| (InvoiceId(row.id), row)).collect())
    }
}

impl Loader<InvoiceTopUp> for DbLoader {
    type Value = TransactionRow;
    type Error = ApiError;

    async fn load(&self, keys: &[InvoiceTopUp]) -> Result<HashMap<InvoiceTopUp, TransactionRow>, ApiError> {
        let rows = invoices::transactions_of(&self.0, &ids(keys, |k| k.0)).await?;
        Ok(rows.into_iter().filter_map(|row| Some((InvoiceTopUp(row.invoice_id?), row))).collect())
    }
}

impl Loader<WalletHistory> for DbLoader {
    type Value = Page<TransactionRow>;
    type Error = ApiError;

    /// One query per distinct (filter, page) asked for, whatever the number of wallets.
    async fn load(&self, keys: &[WalletHistory]) -> Result<HashMap<WalletHistory, Page<TransactionRow>>, ApiError> {
        let mut groups: HashMap<(&Filter, PageRequest), Vec<i64>> = HashMap::new();
        for key in keys {
            groups.entry((&key.filter, key.page)).or_default().push(key.wallet_id);
        }
        let mut pages = HashMap::with_capacity(keys.len());
        for ((filter, page), wallet_ids) in groups {
            for (wallet_id, found) in history::of_wallets(&self.0, &wallet_ids, filter, page).await? {
                pages.insert(WalletHistory { wallet_id, filter: filter.clone(), page }, found);
            }
        }
        Ok(pages)
    }
}

use async_graphql::Object;

use super::{HoldObject, TransactionObject};
use crate::services::holds::Order;

/// Everything Kassa knows about one of the portal's orders.
pub(crate) struct OrderObject(pub Order);

#[Object(name = "Order")]
impl OrderObject {
    async fn reference(&self) -> &str {
        &self.0.reference
    }

    /// Oldest first.
    async fn holds(&self) -> Vec<HoldObject> {
        self.0.holds.iter().cloned().map(HoldObject).collect()
    }

    /// PAYMENTs and REFUNDs carrying this order reference, oldest first.
    async fn transactions(&self) -> Vec<TransactionObject> {
        self.0.transactions.iter().cloned().map(TransactionObject).collect()
    }
}

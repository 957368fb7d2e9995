use async_graphql::{Context, Object, Result};

use super::PaymentSystemObject;
use crate::domain::Money;
use crate::error::ApiError;
use crate::graphql::loaders::{self, PaymentSystemId};
use crate::services::report::Day;

/// Money that came in and went out through one payment system on one day (UTC), for
/// reconciliation with its statements.
pub(crate) struct PaymentSystemDayObject(pub Day);

#[Object(name = "PaymentSystemDay")]
impl PaymentSystemDayObject {
    /// YYYY-MM-DD
    async fn day(&self) -> String {
        self.0.day.format("%Y-%m-%d").to_string()
    }

    async fn payment_system(&self, ctx: &Context<'_>) -> Result<PaymentSystemObject> {
        let row = loaders::load_one(ctx, PaymentSystemId(self.0.payment_system_id)).await?;
        Ok(PaymentSystemObject(row.ok_or(ApiError::NotFound("payment system"))?))
    }

    async fn top_ups(&self) -> i64 {
        self.0.top_ups
    }

    async fn top_up_amount(&self) -> Option<Money> {
        Some(Money::from_decimal(self.0.top_up_amount))
    }

    /// Of those, credited by the payment system's notification (online); the rest by cashiers.
    async fn online_top_ups(&self) -> i64 {
        self.0.online_top_ups
    }

    async fn online_top_up_amount(&self) -> Option<Money> {
        self.0.online_top_up_amount.map(Money::from_decimal)
    }
}

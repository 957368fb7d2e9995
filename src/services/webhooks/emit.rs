//! Writing an event: inside the transaction that made it, so it commits (and is sent) if
//! and only if the change does. One statement; it writes nothing when no live endpoint
//! subscribes to the event's type (decided in the statement's own snapshot, so it is right
//! on every instance, and an endpoint gets what is committed after it was created).

use diesel::sql_types::Text;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde_json::json;

use crate::db::models::InvoiceRow;
use crate::domain::{Money, WebhookEvent, rfc3339};
use crate::error::ApiResult;

/// The event and one PENDING delivery per live endpoint that subscribes to its type.
/// `transaction.created` is written by the money move's own statement (`moves::statement`).
const EMIT_SQL: &str = "
WITH e AS (
    INSERT INTO webhook_events (type, data)
    SELECT $1, $2::jsonb
    WHERE EXISTS (SELECT 1 FROM webhook_endpoints p WHERE p.deleted_at IS NULL AND $1 = ANY (p.events))
    RETURNING id
)
INSERT INTO webhook_deliveries (event_id, endpoint_id)
SELECT e.id, p.id FROM e, webhook_endpoints p WHERE p.deleted_at IS NULL AND $1 = ANY (p.events)";

/// Records `event` with `data` (the object in the API's field names, amounts as strings)
/// on `conn`: call it INSIDE the transaction that made the event, then, after the commit,
/// `state.webhooks.wake()` ([`super::signal::Signal::wake`]) so this instance sends it at
/// once (the others find it within a second). A money move's `moves::published` does that.
pub(crate) async fn emit(conn: &mut AsyncPgConnection, event: WebhookEvent, data: serde_json::Value) -> ApiResult<()> {
    diesel::sql_query(EMIT_SQL).bind::<Text, _>(event.as_str()).bind::<Text, _>(data.to_string()).execute(conn).await?;
    Ok(())
}

/// `invoice.paid`'s data: the TopUpInvoice in the API's field names, with the wallet's
/// number and the id of the top-up that credited it.
pub(crate) fn invoice_data(invoice: &InvoiceRow, wallet_number: &str, transaction_id: i64) -> serde_json::Value {
    let money = |value| Money::from_decimal(value).to_string();
    json!({
        "id": invoice.id.to_string(),
        "number": invoice.id.to_string(),
        "walletNumber": wallet_number,
        "paymentSystemId": invoice.payment_system_id.to_string(),
        "amount": money(invoice.amount),
        "status": invoice.status,
        "externalId": invoice.external_id,
        "paidAmount": invoice.paid_amount.map(money),
        "resolution": invoice.resolution,
        "transactionId": transaction_id.to_string(),
        "createdAt": rfc3339(invoice.created_at),
        "paidAt": invoice.paid_at.map(rfc3339),
    })
}

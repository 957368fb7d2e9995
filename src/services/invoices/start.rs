//! startTopUp: a PENDING invoice and the payment system's page that takes it.

use chrono::Utc;
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};

use crate::db::models::{InvoiceRow, PaymentSystemRow, WalletRow};
use crate::db::schema::{payment_system_bindings as bindings, top_up_invoices as invoices, wallets};
use crate::domain::{InvoiceStatus, Money, PaymentProvider};
use crate::error::{ApiError, ApiResult};
use crate::gateways::{Link, gateway};
use crate::services::moves::{fingerprint, idempotency_key, within_limit};
use crate::services::payment_systems;
use crate::services::sessions::Viewer;
use crate::state::AppState;

/// A checked startTopUp input.
pub(crate) struct StartTopUp {
    payment_system_id: i64,
    amount: Money,
    key: String,
}

impl StartTopUp {
    pub(crate) fn parse(state: &AppState, payment_system_id: i64, amount: Money, key: &str) -> ApiResult<Self> {
        Ok(Self { payment_system_id, amount: within_limit(&state.config, amount)?, key: idempotency_key(key)? })
    }
}

/// Any signed-in user: opens an invoice to pay into their own wallet. The same key and
/// input return the same invoice; the same key with other input is IDEMPOTENCY_KEY_REUSED.
pub(crate) async fn start(state: &AppState, viewer: &Viewer, input: StartTopUp) -> ApiResult<InvoiceRow> {
    let mut conn = state.conn().await?;
    let binding: PaymentSystemRow = bindings::table
        .find(input.payment_system_id)
        .select(PaymentSystemRow::as_select())
        .first(&mut conn)
        .await
        .optional()?
        .ok_or(ApiError::NotFound("payment system"))?;
    let provider = PaymentProvider::from_db(&binding.provider).unwrap_or(PaymentProvider::Other);
    let (Some(gateway), true) = (gateway(provider), payment_systems::accepts_online(&binding)) else {
        return Err(ApiError::PaymentSystemDisabled);
    };
    let opened = payment_systems::open(&state.config.online.keyring, &binding).map_err(|error| {
        tracing::error!(payment_system_id = binding.id, %error, "a payment system's secret cannot be opened");
        ApiError::PaymentSystemDisabled
    })?;
    let request_hash = fingerprint(serde_json::json!(["START_TOP_UP", binding.id, input.amount.to_string()]));
    let expires_at = Utc::now() + state.config.online.invoice_ttl;
    let (actor, key) = (viewer.user_id, input.key.clone());
    let invoice = conn
        .transaction::<_, ApiError, _>(async move |conn| {
            let wallet: WalletRow = wallets::table
                .filter(wallets::owner_id.eq(actor))
                .select(WalletRow::as_select())
                .first(conn)
                .await
                .optional()?
                .ok_or(ApiError::NotFound("wallet"))?;
            let inserted: Option<InvoiceRow> = diesel::insert_into(invoices::table)
                .values((
                    invoices::wallet_id.eq(wallet.id),
                    invoices::payment_system_id.eq(binding.id),
                    invoices::amount.eq(input.amount.decimal()),
                    invoices::currency.eq(&wallet.currency),
                    invoices::status.eq(InvoiceStatus::Pending.as_str()),
                    invoices::payment_url.eq(""),
                    invoices::created_by.eq(actor),
                    invoices::idempotency_key.eq(&key),
                    invoices::request_hash.eq(&request_hash),
                    invoices::expires_at.eq(expires_at),
                ))
                .on_conflict((invoices::created_by, invoices::idempotency_key))
                .do_nothing()
                .returning(InvoiceRow::as_returning())
                .get_result(conn)
                .await
                .optional()?;
            let Some(mut invoice) = inserted else {
                let earlier: InvoiceRow = invoices::table
                    .filter(invoices::created_by.eq(actor))
                    .filter(invoices::idempotency_key.eq(&key))
                    .select(InvoiceRow::as_select())
                    .first(conn)
                    .await?;
                if earlier.request_hash != request_hash {
                    return Err(ApiError::IdempotencyKeyReused);
                }
                return Ok((earlier, false));
            };
            let number = invoice.id.to_string();
            invoice.payment_url = gateway.payment_url(&Link {
                merchant: binding.merchant_id.as_deref().unwrap_or_default(),
                invoice: &number,
                amount: invoice.amount,
                currency: &invoice.currency,
                description: &format!("Kassa top-up of wallet {} (invoice {number})", wallet.number),
                payment_secret: opened.payment_secret.as_ref(),
                algorithm: payment_systems::algorithm(&binding),
                test_mode: binding.test_mode,
            });
            diesel::update(invoices::table.find(invoice.id))
                .set(invoices::payment_url.eq(&invoice.payment_url))
                .execute(conn)
                .await?;
            Ok((invoice, true))
        })
        .await;
    let (invoice, fresh) = invoice?;
    if fresh {
        tracing::info!(
            invoice_id = invoice.id,
            payment_system_id = invoice.payment_system_id,
            amount = %invoice.amount,
            wallet_id = invoice.wallet_id,
            created_by = invoice.created_by,
            "online top-up started"
        );
    }
    Ok(invoice)
}

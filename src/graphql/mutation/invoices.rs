use async_graphql::{Context, ID, InputObject, Object, Result};

use crate::domain::Money;
use crate::graphql::context::ContextExt;
use crate::graphql::guards::RoleGuard;
use crate::graphql::scalars::parse_id;
use crate::graphql::types::TopUpInvoiceObject;
use crate::services::invoices::{self, Resolution, StartTopUp};

#[derive(InputObject)]
pub(crate) struct StartTopUpInput {
    /// An enabled payment system that accepts online payments.
    pub payment_system_id: ID,
    pub amount: Money,
    /// As for every money mutation: the same key and input return the same invoice.
    pub idempotency_key: String,
}

#[derive(InputObject)]
pub(crate) struct ResolveTopUpInvoiceInput {
    /// An invoice in REVIEW.
    pub invoice_id: ID,
    /// True credits the wallet (a TOP_UP by this cashier); false rejects the invoice and
    /// credits nothing (e.g. the payment system returned the money).
    pub credit: bool,
    /// Crediting only: the amount to credit; by default what the payment system reported.
    pub amount: Option<Money>,
    /// Why, for the record: shown on the invoice and, when credited, as the top-up's comment.
    pub reason: String,
    /// The same key and input return the same result and move no money again.
    pub idempotency_key: String,
}

#[derive(Default)]
pub(crate) struct InvoiceMutation;

#[Object]
impl InvoiceMutation {
    /// Any signed-in user: starts paying real funds into their own wallet online. The wallet is
    /// credited when the payment system confirms. PAYMENT_SYSTEM_DISABLED when the payment system
    /// is off or cannot take online payments (provider OTHER, or its secrets are missing).
    /// Errors: UNAUTHENTICATED, BAD_USER_INPUT, NOT_FOUND, PAYMENT_SYSTEM_DISABLED,
    /// IDEMPOTENCY_KEY_REUSED.
    #[graphql(guard = "RoleGuard::signed_in()")]
    async fn start_top_up(&self, ctx: &Context<'_>, input: StartTopUpInput) -> Result<TopUpInvoiceObject> {
        let payment_system_id = parse_id(&input.payment_system_id, "paymentSystemId")?;
        let input = StartTopUp::parse(ctx.state(), payment_system_id, input.amount, &input.idempotency_key)?;
        Ok(TopUpInvoiceObject(invoices::start(ctx.state(), ctx.signed_in()?, input).await?))
    }

    /// CASHIER: resolves an invoice in REVIEW by crediting it (with a reason) or rejecting
    /// it. Asking again for what was done answers the invoice as it is. Errors:
    /// UNAUTHENTICATED, FORBIDDEN (also on one's own wallet), BAD_USER_INPUT (not in
    /// REVIEW), NOT_FOUND, IDEMPOTENCY_KEY_REUSED.
    #[graphql(guard = "RoleGuard::cashier()")]
    async fn resolve_top_up_invoice(
        &self,
        ctx: &Context<'_>,
        input: ResolveTopUpInvoiceInput,
    ) -> Result<TopUpInvoiceObject> {
        let invoice_id = parse_id(&input.invoice_id, "invoiceId")?;
        let resolution = Resolution::parse(
            ctx.state(),
            invoice_id,
            input.credit,
            input.amount,
            &input.reason,
            &input.idempotency_key,
        )?;
        Ok(TopUpInvoiceObject(invoices::resolve(ctx.state(), ctx.signed_in()?, resolution).await?))
    }
}

//! Mutations, grouped by who calls them.

mod admin;
mod api_keys;
mod auth;
mod holds;
mod invoices;
mod money;

use async_graphql::MergedObject;
pub(super) use money::{MoveInput, PayFromWalletInput, RefundPaymentInput, TopUpWalletInput, WriteOffWalletInput};

#[derive(MergedObject, Default)]
pub(super) struct Mutation(
    auth::AuthMutation,
    money::MoneyMutation,
    holds::HoldMutation,
    invoices::InvoiceMutation,
    admin::AdminMutation,
    api_keys::ApiKeyMutation,
    super::webhooks::WebhookMutation,
);

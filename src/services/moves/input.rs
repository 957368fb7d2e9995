//! Client input for money moves, checked before any database work.

use crate::app::AppState;
use crate::domain::{Money, WalletNumber};
use crate::error::{ApiError, ApiResult};
use crate::services::text::{optional, required};
use crate::services::wallets::parse_number;

pub struct TopUp {
    pub wallet_number: String,
    pub amount: Money,
    pub payment_system_id: i64,
    pub receipt: String,
    pub comment: Option<String>,
    pub idempotency_key: String,
}

pub struct WriteOff {
    pub wallet_number: String,
    pub amount: Money,
    pub reason: String,
    pub idempotency_key: String,
}

pub struct Pay {
    pub amount: Money,
    pub order_reference: String,
    pub description: Option<String>,
    pub idempotency_key: String,
}

pub struct Refund {
    pub payment_id: i64,
    pub amount: Option<Money>,
    pub reason: String,
    pub idempotency_key: String,
}

pub(super) struct CheckedTopUp {
    pub wallet: WalletNumber,
    pub amount: Money,
    pub payment_system_id: i64,
    pub receipt: String,
    pub comment: Option<String>,
    pub key: String,
}

pub(super) struct CheckedWriteOff {
    pub wallet: WalletNumber,
    pub amount: Money,
    pub reason: String,
    pub key: String,
}

pub(super) struct CheckedPay {
    pub amount: Money,
    pub order_reference: String,
    pub description: Option<String>,
    pub key: String,
}

impl TopUp {
    pub(super) fn check(self, state: &AppState) -> ApiResult<CheckedTopUp> {
        Ok(CheckedTopUp {
            wallet: parse_number(&self.wallet_number)?,
            amount: amount(state, self.amount)?,
            payment_system_id: self.payment_system_id,
            receipt: required("receipt", &self.receipt, 100)?,
            comment: optional("comment", self.comment.as_deref(), 500)?,
            key: idempotency_key(&self.idempotency_key)?,
        })
    }
}

impl WriteOff {
    pub(super) fn check(self, state: &AppState) -> ApiResult<CheckedWriteOff> {
        Ok(CheckedWriteOff {
            wallet: parse_number(&self.wallet_number)?,
            amount: amount(state, self.amount)?,
            reason: required("reason", &self.reason, 500)?,
            key: idempotency_key(&self.idempotency_key)?,
        })
    }
}

impl Pay {
    pub(super) fn check(self, state: &AppState) -> ApiResult<CheckedPay> {
        Ok(CheckedPay {
            amount: amount(state, self.amount)?,
            order_reference: required("orderReference", &self.order_reference, 100)?,
            description: optional("description", self.description.as_deref(), 500)?,
            key: idempotency_key(&self.idempotency_key)?,
        })
    }
}

impl Refund {
    pub(super) fn check(&self, state: &AppState) -> ApiResult<(String, String)> {
        if let Some(amount) = self.amount {
            self::amount(state, amount)?;
        }
        Ok((required("reason", &self.reason, 500)?, idempotency_key(&self.idempotency_key)?))
    }
}

/// Amounts are positive by construction (the Money scalar); here the configured maximum.
pub(super) fn amount(state: &AppState, amount: Money) -> ApiResult<Money> {
    amount.at_most(Money::from_decimal(state.config.max_amount)).map_err(|error| ApiError::bad_input(error.to_string()))
}

fn idempotency_key(key: &str) -> ApiResult<String> {
    let length = key.chars().count();
    if !(1..=255).contains(&length) || key.chars().any(char::is_control) {
        return Err(ApiError::bad_input("idempotencyKey has 1 to 255 printable characters"));
    }
    Ok(key.to_owned())
}

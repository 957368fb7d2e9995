//! Client input for money moves, parsed before any database work: one type per
//! operation, whose values can no longer be wrong.

use crate::config::Config;
use crate::domain::{Money, WalletNumber};
use crate::error::{ApiError, ApiResult};
use crate::services::text::{optional, required};
use crate::services::wallets::parse_number;

pub(crate) struct TopUp {
    pub(super) wallet: WalletNumber,
    pub(super) amount: Money,
    pub(super) payment_system_id: i64,
    pub(super) receipt: String,
    pub(super) comment: Option<String>,
    pub(super) key: String,
}

pub(crate) struct WriteOff {
    pub(super) wallet: WalletNumber,
    pub(super) amount: Money,
    pub(super) reason: String,
    pub(super) key: String,
}

pub(crate) struct Pay {
    pub(super) amount: Money,
    pub(super) order_reference: String,
    pub(super) description: Option<String>,
    pub(super) key: String,
}

pub(crate) struct Refund {
    pub(super) payment_id: i64,
    /// None refunds all that is left.
    pub(super) amount: Option<Money>,
    pub(super) reason: String,
    pub(super) key: String,
}

impl TopUp {
    pub(crate) fn parse(
        config: &Config,
        wallet_number: &str,
        amount: Money,
        payment_system_id: i64,
        receipt: &str,
        comment: Option<&str>,
        key: &str,
    ) -> ApiResult<Self> {
        Ok(Self {
            wallet: parse_number(wallet_number)?,
            amount: within_limit(config, amount)?,
            payment_system_id,
            receipt: required("receipt", receipt, 100)?,
            comment: optional("comment", comment, 500)?,
            key: idempotency_key(key)?,
        })
    }
}

impl WriteOff {
    pub(crate) fn parse(
        config: &Config,
        wallet_number: &str,
        amount: Money,
        reason: &str,
        key: &str,
    ) -> ApiResult<Self> {
        Ok(Self {
            wallet: parse_number(wallet_number)?,
            amount: within_limit(config, amount)?,
            reason: required("reason", reason, 500)?,
            key: idempotency_key(key)?,
        })
    }
}

impl Pay {
    pub(crate) fn parse(
        config: &Config,
        amount: Money,
        order_reference: &str,
        description: Option<&str>,
        key: &str,
    ) -> ApiResult<Self> {
        Ok(Self {
            amount: within_limit(config, amount)?,
            order_reference: required("orderReference", order_reference, 100)?,
            description: optional("description", description, 500)?,
            key: idempotency_key(key)?,
        })
    }
}

impl Refund {
    pub(crate) fn parse(
        config: &Config,
        payment_id: i64,
        amount: Option<Money>,
        reason: &str,
        key: &str,
    ) -> ApiResult<Self> {
        Ok(Self {
            payment_id,
            amount: amount.map(|amount| within_limit(config, amount)).transpose()?,
            reason: required("reason", reason, 500)?,
            key: idempotency_key(key)?,
        })
    }
}

/// Amounts are positive by construction (the Money scalar); here the configured maximum.
pub(crate) fn within_limit(config: &Config, amount: Money) -> ApiResult<Money> {
    amount.at_most(Money::from_decimal(config.max_amount)).map_err(|error| ApiError::bad_input(error.to_string()))
}

pub(crate) fn idempotency_key(key: &str) -> ApiResult<String> {
    let length = key.chars().count();
    if !(1..=255).contains(&length) || key.chars().any(char::is_control) {
        return Err(ApiError::bad_input("idempotencyKey has 1 to 255 printable characters"));
    }
    Ok(key.to_owned())
}

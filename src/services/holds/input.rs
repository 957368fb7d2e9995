//! Client input for holds, parsed before any database work.

use serde_json::json;

use crate::config::Config;
use crate::domain::{Money, WalletNumber};
use crate::error::{ApiError, ApiResult};
use crate::services::moves::{fingerprint, idempotency_key, within_limit};
use crate::services::text::{optional, required};
use crate::services::wallets::parse_number;

/// A hold lasts 15 minutes unless asked otherwise, and at most 7 days.
const DEFAULT_SECONDS: i32 = 900;
const MAX_SECONDS: i32 = 7 * 24 * 3600;

/// The wallet a hold is placed on.
pub(crate) enum Holder {
    Number(WalletNumber),
    /// The portal's user id (users.external_id) of the wallet's owner.
    External(String),
}

pub(crate) struct CreateHold {
    pub(super) holder: Holder,
    pub(super) amount: Money,
    pub(super) order_reference: String,
    pub(super) description: Option<String>,
    pub(super) seconds: i32,
    pub(super) key: String,
    pub(super) request_hash: Vec<u8>,
}

/// A capture (with an amount, or all of it) or a void.
pub(crate) struct Release {
    pub(super) hold_id: i64,
    /// Capture only: None captures the whole hold.
    pub(super) amount: Option<Money>,
    pub(super) key: String,
    pub(super) request_hash: Vec<u8>,
}

impl CreateHold {
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn parse(
        config: &Config,
        wallet_number: Option<&str>,
        external_user_id: Option<&str>,
        amount: Money,
        order_reference: &str,
        description: Option<&str>,
        expires_in_seconds: Option<i32>,
        key: &str,
    ) -> ApiResult<Self> {
        let holder = match (wallet_number, external_user_id) {
            (Some(number), None) => Holder::Number(parse_number(number)?),
            (None, Some(id)) => Holder::External(required("externalUserId", id, 255)?),
            _ => return Err(ApiError::bad_input("give exactly one of walletNumber and externalUserId")),
        };
        let seconds = expires_in_seconds.unwrap_or(DEFAULT_SECONDS);
        if !(1..=MAX_SECONDS).contains(&seconds) {
            return Err(ApiError::bad_input(format!("expiresInSeconds is between 1 and {MAX_SECONDS}")));
        }
        let amount = within_limit(config, amount)?;
        let order_reference = required("orderReference", order_reference, 100)?;
        let description = optional("description", description, 500)?;
        let request_hash = fingerprint(json!([
            "HOLD",
            wallet_number,
            external_user_id,
            amount.to_string(),
            order_reference,
            description,
            seconds,
        ]));
        Ok(Self { holder, amount, order_reference, description, seconds, key: idempotency_key(key)?, request_hash })
    }
}

impl Release {
    pub(crate) fn capture(config: &Config, hold_id: i64, amount: Option<Money>, key: &str) -> ApiResult<Self> {
        let amount = amount.map(|amount| within_limit(config, amount)).transpose()?;
        let request_hash = fingerprint(json!(["CAPTURE", hold_id, amount.map(|a| a.to_string())]));
        Ok(Self { hold_id, amount, key: idempotency_key(key)?, request_hash })
    }

    pub(crate) fn void(hold_id: i64, key: &str) -> ApiResult<Self> {
        let request_hash = fingerprint(json!(["VOID", hold_id]));
        Ok(Self { hold_id, amount: None, key: idempotency_key(key)?, request_hash })
    }
}

//! Every notification is recorded with its verdict, valid or not, and logged once.

use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::db::models::NewNotificationRow;
use crate::db::schema::payment_notifications;

/// What Kassa made of a notification.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Verdict {
    Credited,
    Replayed,
    Review,
    NotPaid,
    Payable,
    NotPayable,
    BadSignature,
    Malformed,
    UnknownBinding,
    UnknownInvoice,
    /// The binding's provider does not send notifications, or cannot check them (no secret).
    NotConfigured,
    Failed,
}

impl Verdict {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Self::Credited => "CREDITED",
            Self::Replayed => "REPLAYED",
            Self::Review => "REVIEW",
            Self::NotPaid => "NOT_PAID",
            Self::Payable => "PAYABLE",
            Self::NotPayable => "NOT_PAYABLE",
            Self::BadSignature => "BAD_SIGNATURE",
            Self::Malformed => "MALFORMED",
            Self::UnknownBinding => "UNKNOWN_BINDING",
            Self::UnknownInvoice => "UNKNOWN_INVOICE",
            Self::NotConfigured => "NOT_CONFIGURED",
            Self::Failed => "FAILED",
        }
    }

    /// A verdict on a notification nobody should have sent: counted against its address.
    pub(super) fn is_refusal(self) -> bool {
        matches!(self, Self::BadSignature | Self::Malformed | Self::UnknownBinding | Self::NotConfigured)
    }
}

/// The attempt as it will be stored.
pub(super) struct Attempt {
    pub row: NewNotificationRow,
}

impl Attempt {
    pub(super) fn set_verdict(&mut self, verdict: Verdict) {
        self.row.verdict = verdict.as_str().to_owned();
    }

    pub(super) async fn insert(&self, conn: &mut AsyncPgConnection) -> diesel::QueryResult<()> {
        diesel::insert_into(payment_notifications::table).values(&self.row).execute(conn).await.map(drop)
    }

    /// The one log line of an attempt, and its count in the metrics.
    pub(super) fn log(&self) {
        let row = &self.row;
        crate::metrics::payment_notification(row.provider.as_deref().unwrap_or("unknown"), &row.verdict);
        tracing::info!(
            payment_system_id = row.payment_system_id,
            provider = row.provider.as_deref(),
            source = %row.source_address,
            verdict = %row.verdict,
            detail = row.detail.as_deref(),
            invoice_id = row.invoice_id,
            external_id = row.external_id.as_deref(),
            "payment notification"
        );
    }
}

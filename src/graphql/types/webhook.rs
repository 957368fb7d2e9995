use async_graphql::{ID, InputObject, Object, SimpleObject};

use crate::db::models::WebhookEndpointRow;
use crate::domain::{WebhookDeliveryStatus, WebhookEvent};
use crate::graphql::scalars::{DateTime, to_id};
use crate::services::webhooks::Attempt;

/// Where the portal's back end is told what happened (portal.md, "Webhooks").
pub(crate) struct WebhookEndpointObject(pub WebhookEndpointRow);

#[Object(name = "WebhookEndpoint")]
impl WebhookEndpointObject {
    async fn id(&self) -> ID {
        to_id(self.0.id)
    }

    async fn url(&self) -> &str {
        &self.0.url
    }

    async fn events(&self) -> Vec<WebhookEvent> {
        self.0.events.iter().flatten().filter_map(|event| WebhookEvent::from_db(event)).collect()
    }

    async fn created_at(&self) -> DateTime {
        DateTime(self.0.created_at)
    }
}

#[derive(SimpleObject)]
#[graphql(name = "CreatedWebhookEndpoint")]
pub(crate) struct CreatedWebhookEndpoint {
    pub endpoint: WebhookEndpointObject,
    /// The signing secret for this endpoint's deliveries; shown only here.
    pub signing_secret: String,
}

#[derive(InputObject)]
pub(crate) struct CreateWebhookEndpointInput {
    pub url: String,
    pub events: Vec<WebhookEvent>,
}

/// One attempt to deliver an event to an endpoint, for the delivery log.
pub(crate) struct WebhookDeliveryObject(pub Attempt);

#[Object(name = "WebhookDelivery")]
impl WebhookDeliveryObject {
    /// The attempt's id.
    async fn id(&self) -> ID {
        to_id(self.0.row.id)
    }

    /// The event's `id`, as sent in the body (receivers deduplicate by it).
    async fn event_id(&self) -> &str {
        &self.0.event_id
    }

    async fn event(&self) -> Option<WebhookEvent> {
        WebhookEvent::from_db(&self.0.event_type)
    }

    /// Where this event's delivery to the endpoint stands now (after this attempt and any later).
    async fn status(&self) -> WebhookDeliveryStatus {
        WebhookDeliveryStatus::from_db(&self.0.delivery_status).unwrap_or(WebhookDeliveryStatus::Pending)
    }

    /// When the attempt was made.
    async fn at(&self) -> DateTime {
        DateTime(self.0.row.attempted_at)
    }

    /// The receiver's HTTP status; null when it did not answer (no connection, timeout).
    async fn status_code(&self) -> Option<i32> {
        self.0.row.status_code
    }

    /// How long the attempt took, in milliseconds.
    async fn latency_ms(&self) -> i32 {
        self.0.row.latency_ms
    }

    /// Why it failed, briefly (`HTTP 500`, `no answer within 10 s`...); null when delivered.
    async fn error(&self) -> Option<&str> {
        self.0.row.error.as_deref()
    }
}

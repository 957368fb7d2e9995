use async_graphql::{ID, Object};

use crate::db::models::ApiKeyRow;
use crate::domain::ApiScope;
use crate::graphql::scalars::{DateTime, to_id};
use crate::services::api_keys::{self, Created};

pub(crate) struct ApiKeyObject(pub ApiKeyRow);

/// A key for the portal's back end. The secret is shown once, when created; Kassa keeps only its hash.
#[Object(name = "ApiKey")]
impl ApiKeyObject {
    async fn id(&self) -> ID {
        to_id(self.0.id)
    }

    async fn name(&self) -> &str {
        &self.0.name
    }

    async fn scopes(&self) -> Vec<ApiScope> {
        api_keys::scopes(&self.0.scopes)
    }

    /// The first characters of the secret, to tell keys apart.
    async fn prefix(&self) -> &str {
        &self.0.prefix
    }

    async fn created_at(&self) -> DateTime {
        DateTime(self.0.created_at)
    }

    async fn last_used_at(&self) -> Option<DateTime> {
        self.0.last_used_at.map(DateTime)
    }

    async fn revoked_at(&self) -> Option<DateTime> {
        self.0.revoked_at.map(DateTime)
    }
}

pub(crate) struct CreatedApiKeyObject(pub Created);

#[Object(name = "CreatedApiKey")]
impl CreatedApiKeyObject {
    async fn api_key(&self) -> ApiKeyObject {
        ApiKeyObject(self.0.row.clone())
    }

    /// Shown only here.
    async fn secret(&self) -> &str {
        &self.0.secret
    }
}

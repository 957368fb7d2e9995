// @generated automatically by Diesel CLI.

diesel::table! {
    access_notices (id) {
        id -> Int8,
        body -> Text,
        created_at -> Timestamptz,
        published_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    api_keys (id) {
        id -> Int8,
        name -> Text,
        scopes -> Array<Nullable<Text>>,
        prefix -> Text,
        secret_hash -> Bytea,
        created_by -> Int8,
        created_at -> Timestamptz,
        last_used_at -> Nullable<Timestamptz>,
        revoked_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Int8,
        action -> Text,
        actor_id -> Nullable<Int8>,
        subject_user_id -> Nullable<Int8>,
        subject_payment_system_id -> Nullable<Int8>,
        details -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    cashier_audit (id) {
        id -> Int8,
        user_id -> Int8,
        action -> Text,
        actor_id -> Nullable<Int8>,
        at -> Timestamptz,
    }
}

diesel::table! {
    cashiers (user_id) {
        user_id -> Int8,
        added_by -> Nullable<Int8>,
        added_at -> Timestamptz,
    }
}

diesel::table! {
    holds (id) {
        id -> Int8,
        wallet_id -> Int8,
        amount -> Numeric,
        status -> Text,
        order_reference -> Text,
        description -> Nullable<Text>,
        payment_id -> Nullable<Int8>,
        captured_amount -> Nullable<Numeric>,
        created_by -> Nullable<Int8>,
        created_by_key_id -> Nullable<Int8>,
        idempotency_key -> Text,
        request_hash -> Bytea,
        released_by -> Nullable<Int8>,
        released_by_key_id -> Nullable<Int8>,
        release_key -> Nullable<Text>,
        release_hash -> Nullable<Bytea>,
        created_at -> Timestamptz,
        expires_at -> Timestamptz,
        released_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    ledger_entries (transaction_id, account) {
        transaction_id -> Int8,
        account -> Text,
        amount -> Numeric,
    }
}

diesel::table! {
    outbox (transaction_id) {
        transaction_id -> Int8,
        created_at -> Timestamptz,
        published_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    payment_notifications (id) {
        id -> Int8,
        payment_system_id -> Nullable<Int8>,
        provider -> Nullable<Text>,
        source_address -> Text,
        method -> Text,
        body -> Text,
        verdict -> Text,
        detail -> Nullable<Text>,
        invoice_id -> Nullable<Int8>,
        external_id -> Nullable<Text>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    payment_system_bindings (id) {
        id -> Int8,
        provider -> Text,
        name -> Text,
        enabled -> Bool,
        merchant_id -> Nullable<Text>,
        secret -> Nullable<Text>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        payment_secret -> Nullable<Text>,
        hash_algorithm -> Text,
        test_mode -> Bool,
    }
}

diesel::table! {
    sessions (token_hash) {
        token_hash -> Bytea,
        user_id -> Int8,
        created_at -> Timestamptz,
        expires_at -> Timestamptz,
        revoked_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    top_up_invoices (id) {
        id -> Int8,
        wallet_id -> Int8,
        payment_system_id -> Int8,
        amount -> Numeric,
        currency -> Text,
        status -> Text,
        payment_url -> Text,
        external_id -> Nullable<Text>,
        paid_amount -> Nullable<Numeric>,
        review_reason -> Nullable<Text>,
        duplicate_of -> Nullable<Int8>,
        created_by -> Int8,
        idempotency_key -> Text,
        request_hash -> Bytea,
        created_at -> Timestamptz,
        expires_at -> Timestamptz,
        paid_at -> Nullable<Timestamptz>,
        resolved_by -> Nullable<Int8>,
        resolved_at -> Nullable<Timestamptz>,
        resolution -> Nullable<Text>,
    }
}

diesel::table! {
    transactions (id) {
        id -> Int8,
        kind -> Text,
        amount -> Numeric,
        wallet_id -> Int8,
        balance_after -> Numeric,
        wallet_version -> Int8,
        performed_by -> Int8,
        payment_system_id -> Nullable<Int8>,
        reference -> Nullable<Text>,
        comment -> Nullable<Text>,
        refund_of -> Nullable<Int8>,
        idempotency_key -> Text,
        request_hash -> Bytea,
        created_at -> Timestamptz,
        invoice_id -> Nullable<Int8>,
        held_after -> Numeric,
    }
}

diesel::table! {
    users (id) {
        id -> Int8,
        email -> Text,
        name -> Text,
        password_hash -> Text,
        is_admin -> Bool,
        created_at -> Timestamptz,
        external_id -> Nullable<Text>,
    }
}

diesel::table! {
    wallet_changes (id) {
        id -> Int8,
        wallet_id -> Int8,
        wallet_version -> Int8,
        hold_id -> Int8,
        status -> Text,
        balance_after -> Numeric,
        held_after -> Numeric,
        created_at -> Timestamptz,
        published_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    wallets (id) {
        id -> Int8,
        number -> Text,
        owner_id -> Int8,
        currency -> Text,
        balance -> Numeric,
        version -> Int8,
        created_at -> Timestamptz,
        held -> Numeric,
    }
}

diesel::table! {
    webhook_attempts (id) {
        id -> Int8,
        delivery_id -> Int8,
        endpoint_id -> Int8,
        attempted_at -> Timestamptz,
        status_code -> Nullable<Int4>,
        latency_ms -> Int4,
        error -> Nullable<Text>,
    }
}

diesel::table! {
    webhook_deliveries (id) {
        id -> Int8,
        event_id -> Text,
        endpoint_id -> Int8,
        status -> Text,
        attempts -> Int4,
        next_attempt_at -> Timestamptz,
        last_status_code -> Nullable<Int4>,
        last_error -> Nullable<Text>,
        last_latency_ms -> Nullable<Int4>,
        delivered_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    webhook_endpoints (id) {
        id -> Int8,
        url -> Text,
        events -> Array<Nullable<Text>>,
        signing_secret -> Text,
        created_by -> Nullable<Int8>,
        created_at -> Timestamptz,
        deleted_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    webhook_events (id) {
        id -> Text,
        #[sql_name = "type"]
        type_ -> Text,
        data -> Jsonb,
        created_at -> Timestamptz,
    }
}

diesel::joinable!(api_keys -> users (created_by));
diesel::joinable!(audit_log -> payment_system_bindings (subject_payment_system_id));
diesel::joinable!(holds -> transactions (payment_id));
diesel::joinable!(holds -> wallets (wallet_id));
diesel::joinable!(ledger_entries -> transactions (transaction_id));
diesel::joinable!(outbox -> transactions (transaction_id));
diesel::joinable!(payment_notifications -> payment_system_bindings (payment_system_id));
diesel::joinable!(payment_notifications -> top_up_invoices (invoice_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(top_up_invoices -> payment_system_bindings (payment_system_id));
diesel::joinable!(top_up_invoices -> wallets (wallet_id));
diesel::joinable!(transactions -> payment_system_bindings (payment_system_id));
diesel::joinable!(transactions -> top_up_invoices (invoice_id));
diesel::joinable!(transactions -> users (performed_by));
diesel::joinable!(transactions -> wallets (wallet_id));
diesel::joinable!(wallet_changes -> holds (hold_id));
diesel::joinable!(wallet_changes -> wallets (wallet_id));
diesel::joinable!(wallets -> users (owner_id));
diesel::joinable!(webhook_attempts -> webhook_deliveries (delivery_id));
diesel::joinable!(webhook_attempts -> webhook_endpoints (endpoint_id));
diesel::joinable!(webhook_deliveries -> webhook_endpoints (endpoint_id));
diesel::joinable!(webhook_deliveries -> webhook_events (event_id));
diesel::joinable!(webhook_endpoints -> users (created_by));

diesel::allow_tables_to_appear_in_same_query!(
    access_notices,
    api_keys,
    audit_log,
    cashier_audit,
    cashiers,
    holds,
    ledger_entries,
    outbox,
    payment_notifications,
    payment_system_bindings,
    sessions,
    top_up_invoices,
    transactions,
    users,
    wallet_changes,
    wallets,
    webhook_attempts,
    webhook_deliveries,
    webhook_endpoints,
    webhook_events,
);

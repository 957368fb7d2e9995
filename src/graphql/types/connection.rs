use async_graphql::SimpleObject;

use super::{TransactionObject, UserObject};
use crate::db::models::{TransactionRow, User};
use crate::services::history::Page;

/// Relay page information.
#[derive(SimpleObject)]
pub(crate) struct PageInfo {
    pub has_previous_page: bool,
    pub has_next_page: bool,
    pub start_cursor: Option<String>,
    pub end_cursor: Option<String>,
}

impl PageInfo {
    pub(crate) fn of<T>(page: &Page<T>) -> Self {
        Self {
            has_previous_page: page.has_previous,
            has_next_page: page.has_next,
            start_cursor: page.items.first().map(|(cursor, _)| cursor.encode()),
            end_cursor: page.items.last().map(|(cursor, _)| cursor.encode()),
        }
    }
}

#[derive(SimpleObject)]
pub(crate) struct TransactionEdge {
    pub cursor: String,
    pub node: TransactionObject,
}

#[derive(SimpleObject)]
pub(crate) struct TransactionConnection {
    pub edges: Vec<TransactionEdge>,
    pub page_info: PageInfo,
}

impl TransactionConnection {
    pub(crate) fn from_page(page: Page<TransactionRow>) -> Self {
        let page_info = PageInfo::of(&page);
        let edges = page
            .items
            .into_iter()
            .map(|(cursor, row)| TransactionEdge { cursor: cursor.encode(), node: TransactionObject(row) })
            .collect();
        Self { edges, page_info }
    }
}

#[derive(SimpleObject)]
pub(crate) struct UserEdge {
    pub cursor: String,
    pub node: UserObject,
}

#[derive(SimpleObject)]
pub(crate) struct UserConnection {
    pub edges: Vec<UserEdge>,
    pub page_info: PageInfo,
}

impl UserConnection {
    pub(crate) fn from_page(page: Page<User>) -> Self {
        let page_info = PageInfo::of(&page);
        let edges = page
            .items
            .into_iter()
            .map(|(cursor, user)| UserEdge { cursor: cursor.encode(), node: UserObject(user) })
            .collect();
        Self { edges, page_info }
    }
}

//! `myWallet` without the executor. The portal's top menu and a wallet's page ask for the
//! viewer's balance and, most often, the first page of its history; the executor spends a
//! context and a boxed future on every field of every one of the page's transactions. A
//! document whose only operation is `myWallet`, selecting the wallet's own fields and at
//! most one `transactions(first, after)` page of the transactions' own fields, is answered
//! by the services the resolvers call (`wallets::mine`, `history`), in the same order,
//! with the same errors.
//!
//! The executor answers the rest, decided before the database is asked: a `filter`, a
//! `first` or `after` not of its type (or a variable neither given nor defaulted), an API
//! key, no viewer.

use async_graphql::parser::types::VariableDefinition;
use async_graphql::{Name, Positioned, Response, Value, Variables};

use super::answer::Rows;
use super::picks::{Field, History};
use super::{Answer, Plan, Root};
use crate::db::models::{TransactionRow, WalletRow};
use crate::error::ApiResult;
use crate::services::history::{self, Filter, Page, PageRequest};
use crate::services::sessions::viewer::{Asker, Viewer};
use crate::services::wallets;
use crate::state::AppState;

/// `transactions`'s arguments with the request's variables in them.
struct Asked<'a> {
    key: &'a Name,
    history: &'a History,
    first: Option<i32>,
    after: Option<String>,
}

impl Plan {
    /// The response to `myWallet`, or None when the executor must answer (see the module's
    /// comment).
    pub(super) async fn read(&self, state: &AppState, viewer: &Viewer, variables: &Variables) -> Option<Answer> {
        let Root::MyWallet(definitions) = &self.root else { return None };
        let given = Given { definitions, variables };
        let asked = match self.picks.iter().find_map(|pick| match &pick.field {
            Field::History(history) => Some((&pick.key, history)),
            _ => None,
        }) {
            Some((key, history)) => Some(given.asked(key, history)?),
            None => None,
        };
        let wallet = match wallets::mine(state, viewer).await {
            Ok(wallet) => wallet,
            Err(error) => return Some(Answer::Response(Response::from_errors(vec![self.error(error)]))),
        };
        let (page, errors) = match &asked {
            None => (None, Vec::new()),
            Some(asked) => match page(state, viewer, &wallet, asked).await {
                Ok(page) => (Some(page), Vec::new()),
                Err(error) => {
                    let located = async_graphql::Error::from(error).into_server_error(asked.history.pos);
                    let path = [self.key.to_string(), asked.key.to_string()];
                    (None, vec![located.with_path(path.map(async_graphql::PathSegment::Field).to_vec())])
                }
            },
        };
        Some(self.data(Rows { page: page.as_ref(), ..Rows::new(&wallet, None) }, errors))
    }
}

/// The request's variables and the operation's definitions of them.
struct Given<'a> {
    definitions: &'a [Positioned<VariableDefinition>],
    variables: &'a Variables,
}

impl Given<'_> {
    /// The arguments as the executor would coerce them, or None when it must.
    fn asked<'a>(&self, key: &'a Name, history: &'a History) -> Option<Asked<'a>> {
        let first = match self.value(history, "first")? {
            Value::Null => None,
            Value::Number(number) => Some(i32::try_from(number.as_i64()?).ok()?),
            _ => return None,
        };
        let after = match self.value(history, "after")? {
            Value::Null => None,
            Value::String(after) => Some(after),
            _ => return None,
        };
        Some(Asked { key, history, first, after })
    }

    /// An argument's value: absent is null, a variable not given takes its definition's
    /// default (null for a nullable type), as `Context::var_value` does.
    fn value(&self, history: &History, name: &str) -> Option<Value> {
        let Some(argument) = history.field.get_argument(name) else { return Some(Value::Null) };
        let variable = |name: Name| {
            let defined = self.definitions.iter().find(|definition| definition.node.name.node == name);
            let default = || defined.and_then(|definition| definition.node.default_value());
            self.variables.get(&name).or_else(default).cloned().ok_or(())
        };
        argument.node.clone().into_const_with(variable).ok()
    }
}

/// What `Wallet.transactions` does for one wallet outside a list.
async fn page(
    state: &AppState,
    viewer: &Viewer,
    wallet: &WalletRow,
    asked: &Asked<'_>,
) -> ApiResult<Page<TransactionRow>> {
    let page = PageRequest::parse(asked.first, asked.after.as_deref())?;
    history::require_visible(Asker { viewer: Some(viewer), just_signed_in: None }, wallet)?;
    history::of_wallet(state, wallet.id, &Filter::default(), page).await
}

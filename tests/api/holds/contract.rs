//! The schema keeps the hold and order part of contract/portal.graphql (copied below, as
//! plain types: the checker compares types and fields, extensions included).

const CONTRACT: &str = r#"
scalar Money
scalar DateTime
type Wallet {
  available: Money!
  held: Money!
  holds(status: HoldStatus, first: Int, after: String): HoldConnection!
}
enum HoldStatus { HELD CAPTURED VOIDED EXPIRED }
type Hold {
  id: ID!
  wallet: Wallet!
  amount: Money!
  status: HoldStatus!
  orderReference: String!
  description: String
  payment: Transaction
  createdAt: DateTime!
  expiresAt: DateTime!
}
type Transaction { id: ID! }
type PageInfo { hasNextPage: Boolean! endCursor: String }
type HoldEdge { cursor: String! node: Hold! }
type HoldConnection { edges: [HoldEdge!]! pageInfo: PageInfo! }
type HoldResult { hold: Hold! wallet: Wallet! }
input CreateHoldInput {
  walletNumber: String
  externalUserId: String
  amount: Money!
  orderReference: String!
  description: String
  expiresInSeconds: Int
  idempotencyKey: String!
}
input CaptureHoldInput { holdId: ID! amount: Money idempotencyKey: String! }
input VoidHoldInput { holdId: ID! idempotencyKey: String! }
type Order { reference: String! holds: [Hold!]! transactions: [Transaction!]! }
type Query { order(reference: String!): Order! hold(id: ID!): Hold }
type Mutation {
  createHold(input: CreateHoldInput!): HoldResult!
  captureHold(input: CaptureHoldInput!): HoldResult!
  voidHold(input: VoidHoldInput!): HoldResult!
}
"#;

#[test]
fn the_schema_has_the_hold_and_order_part_of_the_portal_contract() {
    let problems = crate::schema::breaking_changes(CONTRACT, &kassa::graphql::sdl());
    assert!(problems.is_empty(), "{problems:#?}");
    // And the checker would notice a hold part gone missing.
    let without = kassa::graphql::sdl().replace("captureHold(", "captureHoldRenamed(");
    assert!(!crate::schema::breaking_changes(CONTRACT, &without).is_empty());
}

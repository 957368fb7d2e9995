// GraphiQL served by Kassa itself at GET /graphql, so the playground works without the
// internet. Queries and mutations go over POST /graphql with the headers typed in the
// Headers tab; subscriptions open a graphql-transport-ws connection whose connection_init
// carries the same Authorization header, as Kassa expects.
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { createClient } from 'graphql-ws';
import 'graphiql/graphiql.css';

const httpUrl = new URL('/graphql', window.location.href).toString();
const wsUrl = httpUrl.replace(/^http/, 'ws') + '/ws';
const overHttp = createGraphiQLFetcher({ url: httpUrl });

function operationType(params, documentAST) {
  const operations = (documentAST?.definitions ?? []).filter((d) => d.kind === 'OperationDefinition');
  const chosen = params.operationName
    ? operations.find((op) => op.name?.value === params.operationName)
    : operations[0];
  return chosen?.operation;
}

function authorization(headers) {
  const entry = Object.entries(headers ?? {}).find(([name]) => name.toLowerCase() === 'authorization');
  return entry ? { authorization: entry[1] } : {};
}

// One WebSocket per subscription: it carries that subscription's token, and closes with it.
async function* overWebSocket(params, headers) {
  const client = createClient({ url: wsUrl, connectionParams: authorization(headers), retryAttempts: 0 });
  try {
    yield* client.iterate({
      query: params.query,
      variables: params.variables ?? undefined,
      operationName: params.operationName ?? undefined,
    });
  } finally {
    await client.dispose();
  }
}

function fetcher(params, options) {
  if (operationType(params, options?.documentAST) === 'subscription') {
    return overWebSocket(params, options?.headers);
  }
  return overHttp(params, options);
}

const example = `# Sign in, then put the token in the Headers tab below:
#   {"Authorization": "Bearer <token>"}
mutation SignIn {
  signIn(input: {email: "admin@example.com", password: "change-me-admin"}) {
    token
    user { id email roles }
  }
}
`;

createRoot(document.getElementById('graphiql')).render(
  createElement(GraphiQL, {
    fetcher,
    defaultQuery: example,
    isHeadersEditorEnabled: true,
    defaultEditorToolsVisibility: 'headers',
  }),
);

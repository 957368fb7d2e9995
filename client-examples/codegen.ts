// GraphQL Code Generator: TypeScript types and typed document nodes for every operation in
// operations/, from the schema Kassa exports (../schema.graphql, the output of
// `kassa schema`). Money and DateTime arrive as JSON strings ("1250.00",
// "2026-12-01T09:57:06Z"), so they are `string`; strictScalars makes any new scalar fail
// the generation until it is mapped here.
//
//   npm run codegen      -> codegen/generated/graphql.ts (not committed)
//   npm run typecheck    -> codegen, then tsc --strict over the output and codegen/usage.ts
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  overwrite: true,
  schema: '../schema.graphql',
  documents: 'operations/**/*.graphql',
  generates: {
    'codegen/generated/graphql.ts': {
      plugins: ['typescript-operations', 'typed-document-node'],
      config: {
        scalars: { Money: 'string', DateTime: 'string' },
        strictScalars: true,
        enumsAsTypes: true,
        useTypeImports: true,
      },
    },
  },
};

export default config;

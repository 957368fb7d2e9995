// Compiled with the generated code (npm run typecheck, tsc --strict): the operations'
// types are what a TypeScript client gets, and Money and DateTime are plain strings, so an
// amount is never a float.
import type { ResultOf, VariablesOf } from '@graphql-typed-document-node/core';
import { MyBalanceDocument, MyWalletDocument, TopUpWalletDocument } from './generated/graphql';
import type { MyWalletQuery, TopUpWalletInput, TransactionKind } from './generated/graphql';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;

export type Checks = [
  Assert<Equal<TopUpWalletInput['amount'], string>>,
  Assert<Equal<MyWalletQuery['myWallet']['balance'], string>>,
  Assert<Equal<MyWalletQuery['myWallet']['createdAt'], string>>,
  Assert<Equal<ResultOf<typeof MyWalletDocument>, MyWalletQuery>>,
  Assert<Equal<ResultOf<typeof MyBalanceDocument>['myBalance']['balance'], string>>,
];

/** The newest transaction's amount, or null: every field typed, nullability included. */
export function newestAmount(data: MyWalletQuery): string | null {
  return data.myWallet.transactions.edges[0]?.node.amount ?? null;
}

export const credit = (kind: TransactionKind): boolean => kind === 'TOP_UP' || kind === 'REFUND';

export const topUp: VariablesOf<typeof TopUpWalletDocument> = {
  input: {
    walletNumber: '100000000008',
    amount: '1250.00',
    paymentSystemId: '1',
    receipt: 'RK-55120',
    idempotencyKey: '8f14e45f-ea8e-4d2b-9c0e-2a4e5b9a7f10',
  },
};

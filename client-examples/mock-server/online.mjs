// The mock server's stand-in for online payments and operations (gateways.graphql,
// operations.graphql and the announced resolveTopUpInvoice): invoices with a paymentUrl
// per provider, POST /payments/{id}/notify checking the provider's signature (with the
// simulator's signature functions), the audit log and the payment-system report. Like the
// rest of the mock: in memory, for front-end work, NOT Kassa.
import { mykassaSign, paymasterHash, qiwiSignature, robokassaLinkSignature, robokassaResultSignature, sameHex, sameBase64, yoomoneyHash } from '../gateway-sim/signatures.mjs';

const PAGES = {
  ROBOKASSA: 'https://auth.robokassa.ru/Merchant/Index.aspx',
  YOOMONEY: 'https://yoomoney.ru/quickpay/confirm',
  QIWI: 'https://oplata.qiwi.com/create',
  PAYMASTER: 'https://paymaster.ru/payment/init',
  MYKASSA: 'https://pay.mykassa.org/',
};

/** `s`: the mock's store and helpers (see server.mjs). Returns {root, bindingFields, walletFields, txFields, audit, notify}. */
export function online(s) {
  const { err, now, fmt, toCents, viewer, page, bindings, wallets, users, txs, post, emit, userObj, walletObj, txObj, bindingObj, publicUrl } = s;
  const invoices = []; // oldest first
  const audits = [];
  const paidBy = new Map(); // `${bindingId}|${paymentId}` -> invoice id
  let number = 1000;

  function audit(action, actorId, { userId = null, psId = null, details = '' } = {}) {
    audits.push({ id: String(audits.length + 1), action, actorId, userId, psId, details, createdAt: now() });
  }
  const accepts = (b) => b.enabled && b.provider !== 'OTHER' && !!b.secret && (!['ROBOKASSA', 'MYKASSA', 'QIWI'].includes(b.provider) || !!b.paymentSecret);

  function paymentUrl(b, inv) {
    const amount = fmt(inv.cents);
    const q = {
      ROBOKASSA: () => {
        const p = { MerchantLogin: b.merchantId, OutSum: amount, InvId: inv.number, Description: `Kassa top-up ${inv.number}` };
        p.SignatureValue = robokassaLinkSignature(p, b.paymentSecret, b.hashAlgorithm);
        return b.testMode ? { ...p, IsTest: '1' } : p;
      },
      YOOMONEY: () => ({ receiver: b.merchantId, 'quickpay-form': 'button', sum: amount, label: inv.number, paymentType: 'AC' }),
      // The same parameters Kassa's src/gateways builds.
      QIWI: () => ({ publicKey: b.paymentSecret, billId: inv.number, amount, comment: `Kassa top-up ${inv.number}` }),
      PAYMASTER: () => ({ LMI_MERCHANT_ID: b.merchantId, LMI_PAYMENT_AMOUNT: amount, LMI_CURRENCY: 'RUB', LMI_PAYMENT_NO: inv.number, LMI_PAYMENT_DESC: `Kassa top-up ${inv.number}`, ...(b.testMode ? { LMI_SIM_MODE: '0' } : {}) }),
      MYKASSA: () => ({ m: b.merchantId, oa: amount, o: inv.number, currency: 'RUB', s: mykassaSign({ MERCHANT_ID: b.merchantId, AMOUNT: amount, MERCHANT_ORDER_ID: inv.number }, b.paymentSecret) }),
    }[b.provider]();
    const base = process.env.MOCK_PAYMENT_PAGE ? new URL(new URL(PAGES[b.provider]).pathname, process.env.MOCK_PAYMENT_PAGE) : new URL(PAGES[b.provider]);
    base.search = new URLSearchParams(q).toString();
    return base.toString();
  }

  function invoiceObj(inv) {
    return {
      ...inv,
      amount: fmt(inv.cents),
      wallet: () => walletObj(wallets.get(inv.walletId)),
      paymentSystem: () => bindingObj(bindings.get(inv.psId), false),
      transaction: () => (inv.txId ? txObj(txs.find((t) => t.id === inv.txId)) : null),
    };
  }
  const invoicePage = (list, first, after) => page([...list].reverse().map((i) => ({ cursor: `i${i.id}`, node: invoiceObj(i) })), first ?? 20, after);

  function credit(inv, paymentId, cents = inv.cents) {
    const w = wallets.get(inv.walletId);
    const tx = post(w, 'TOP_UP', cents, inv.userId, { psId: inv.psId, reference: paymentId, invoiceId: inv.id });
    Object.assign(inv, { status: 'PAID', txId: tx.id, externalId: paymentId, paidAt: now() });
    emit(tx);
  }

  const root = {
    startTopUp: ({ input }, ctx) => {
      const u = viewer(ctx);
      const b = bindings.get(input.paymentSystemId);
      if (!b) throw err('NOT_FOUND', 'no such payment system');
      if (!accepts(b)) throw err('PAYMENT_SYSTEM_DISABLED', 'this payment system does not take online payments');
      const cents = toCents(input.amount);
      const again = invoices.find((i) => i.userId === u.id && i.key === input.idempotencyKey);
      if (again) {
        if (again.cents !== cents || again.psId !== b.id) throw err('IDEMPOTENCY_KEY_REUSED', 'this idempotency key was used with other input');
        return invoiceObj(again);
      }
      const inv = { id: String(invoices.length + 1), number: String(++number), walletId: u.walletId, userId: u.id, psId: b.id, cents, status: 'PENDING', key: input.idempotencyKey, externalId: null, paidAmount: null, reviewReason: null, txId: null, createdAt: now(), expiresAt: new Date(Date.now() + 864e5).toISOString().replace(/\.\d+Z$/, 'Z'), paidAt: null };
      inv.paymentUrl = paymentUrl(b, inv);
      invoices.push(inv);
      return invoiceObj(inv);
    },
    topUpInvoices: ({ status, first, after }, ctx) => {
      viewer(ctx, ['CASHIER', 'ADMIN']);
      return invoicePage(invoices.filter((i) => !status || i.status === status), first, after);
    },
    resolveTopUpInvoice: ({ input }, ctx) => {
      const u = viewer(ctx, ['CASHIER']);
      const inv = invoices.find((i) => i.id === input.invoiceId);
      if (!inv) throw err('NOT_FOUND', 'no such invoice');
      if (inv.resolvedKey === input.idempotencyKey) return invoiceObj(inv);
      if (inv.status !== 'REVIEW') throw err('BAD_USER_INPUT', 'only a REVIEW invoice can be resolved');
      if (!input.reason.trim()) throw err('BAD_USER_INPUT', 'reason is required');
      inv.resolvedKey = input.idempotencyKey;
      if (input.credit) credit(inv, inv.externalId || `review-${inv.id}`, input.amount ? toCents(input.amount) : toCents(inv.paidAmount ?? fmt(inv.cents)));
      else inv.status = 'EXPIRED';
      audit('INVOICE_RESOLVED', u.id, { userId: inv.userId, psId: inv.psId, details: `invoice ${inv.number} ${input.credit ? 'credited' : 'rejected'}: ${input.reason}` });
      return invoiceObj(inv);
    },
    auditLog: ({ action, first, after }, ctx) => {
      viewer(ctx, ['ADMIN']);
      const list = audits.filter((a) => !action || a.action === action).reverse();
      return page(
        list.map((a) => ({
          cursor: `a${a.id}`,
          node: { ...a, actor: () => (a.actorId ? userObj(users.get(a.actorId)) : null), subjectUser: () => (a.userId ? userObj(users.get(a.userId)) : null), subjectPaymentSystem: () => (a.psId ? bindingObj(bindings.get(a.psId), true) : null) },
        })),
        first ?? 20,
        after,
      );
    },
    paymentSystemReport: ({ since, until }, ctx) => {
      viewer(ctx, ['ADMIN']);
      const rows = new Map();
      for (const t of txs) {
        if (t.kind !== 'TOP_UP' || !t.psId || t.createdAt < since.replace(/\.\d+Z$/, 'Z') || t.createdAt >= until.replace(/\.\d+Z$/, 'Z')) continue;
        const day = t.createdAt.slice(0, 10);
        const k = `${day}|${t.psId}`;
        const r = rows.get(k) ?? rows.set(k, { day, psId: t.psId, topUps: 0, cents: 0n, onlineTopUps: 0, onlineCents: 0n }).get(k);
        r.topUps += 1;
        r.cents += t.cents;
        if (t.invoiceId) (r.onlineTopUps += 1), (r.onlineCents += t.cents);
      }
      return [...rows.values()]
        .sort((a, b) => (a.day === b.day ? Number(a.psId) - Number(b.psId) : a.day < b.day ? -1 : 1))
        .map((r) => ({ day: r.day, topUps: r.topUps, topUpAmount: fmt(r.cents), onlineTopUps: r.onlineTopUps, onlineTopUpAmount: r.onlineTopUps ? fmt(r.onlineCents) : null, paymentSystem: () => bindingObj(bindings.get(r.psId), true) }));
    },
  };

  const bindingFields = (b, isAdmin) => ({
    acceptsOnlinePayments: accepts(b),
    notificationUrl: isAdmin ? new URL(`/payments/${b.id}/notify`, publicUrl()).toString() : null,
    hashAlgorithm: isAdmin ? b.hashAlgorithm || 'MD5' : null,
    testMode: isAdmin ? !!b.testMode : null,
    hasPaymentSecret: !!b.paymentSecret,
    paymentSecret: undefined,
  });
  const walletFields = (w) => ({ topUpInvoices: ({ first, after }) => invoicePage(invoices.filter((i) => i.walletId === w.id), first, after) });
  const txFields = (t) => ({ invoice: () => (t.invoiceId ? invoiceObj(invoices.find((i) => i.id === t.invoiceId)) : null) });

  /** POST /payments/{id}/notify: -> {status, type, body}. */
  function notify(bindingId, headers, raw) {
    const b = bindings.get(bindingId);
    const bad = (body = 'bad sign') => ({ status: 400, type: 'text/plain', body });
    if (!b || !b.secret) return bad('unknown binding');
    const f = b.provider === 'QIWI' ? null : Object.fromEntries(new URLSearchParams(raw));
    let got; // {number, amount, paymentId, ok (matches merchant/currency)}
    let answer;
    try {
      switch (b.provider) {
        case 'ROBOKASSA':
          if (!sameHex(f.SignatureValue, robokassaResultSignature({ ...f, SignatureValue: undefined }, b.secret, b.hashAlgorithm))) return bad();
          got = { number: f.InvId, amount: f.OutSum, paymentId: `robokassa-${f.InvId}`, ok: true };
          answer = { status: 200, type: 'text/plain', body: `OK${f.InvId}` };
          break;
        case 'YOOMONEY':
          if (!sameHex(f.sha1_hash, yoomoneyHash(f, b.secret))) return bad();
          got = { number: f.label, amount: f.withdraw_amount, paymentId: f.operation_id, ok: f.currency === '643' && f.codepro !== 'true' && f.unaccepted !== 'true' };
          answer = { status: 200, type: 'text/plain', body: '' };
          break;
        case 'QIWI': {
          const { bill } = JSON.parse(raw);
          if (!sameHex(headers['x-api-signature-sha256'], qiwiSignature(bill, b.secret))) return bad();
          answer = { status: 200, type: 'application/json', body: '{"error": "0"}' };
          if (bill.status.value !== 'PAID') return answer;
          got = { number: bill.billId, amount: bill.amount.value, paymentId: bill.billId, ok: bill.siteId === b.merchantId && bill.amount.currency === 'RUB' };
          break;
        }
        case 'PAYMASTER':
          if (f.LMI_PREREQUEST === '1') {
            const inv = invoices.find((i) => i.number === f.LMI_PAYMENT_NO && i.psId === b.id);
            return { status: 200, type: 'text/plain', body: inv && inv.status === 'PENDING' && toCents(f.LMI_PAYMENT_AMOUNT) === inv.cents ? 'YES' : 'NO' };
          }
          if (!sameBase64(f.LMI_HASH, paymasterHash(f, b.secret, b.hashAlgorithm))) return bad();
          got = { number: f.LMI_PAYMENT_NO, amount: f.LMI_PAYMENT_AMOUNT, paymentId: f.LMI_SYS_PAYMENT_ID, ok: f.LMI_MERCHANT_ID === b.merchantId && f.LMI_CURRENCY === 'RUB' };
          answer = { status: 200, type: 'text/plain', body: '' };
          break;
        case 'MYKASSA':
          if (!sameHex(f.SIGN, mykassaSign(f, b.secret))) return bad();
          got = { number: f.MERCHANT_ORDER_ID, amount: f.AMOUNT, paymentId: f.intid, ok: f.MERCHANT_ID === b.merchantId };
          answer = { status: 200, type: 'text/plain', body: 'YES' };
          break;
        default:
          return bad('not an online payment system');
      }
    } catch {
      return bad('malformed');
    }
    const inv = invoices.find((i) => i.number === got.number && i.psId === b.id);
    if (!inv) return bad('unknown invoice');
    const key = `${b.id}|${got.paymentId}`;
    if (paidBy.has(key)) return answer; // a retry: the same answer, nothing more
    paidBy.set(key, inv.id);
    const cents = (() => {
      const [i, fr = ''] = String(got.amount).split('.');
      return BigInt(i) * 100n + BigInt((fr + '00').slice(0, 2)) + (/[1-9]/.test(fr.slice(2)) ? 1n : 0n);
    })();
    if (!got.ok || cents !== inv.cents || inv.status === 'PAID' || inv.status === 'REVIEW') {
      const why = !got.ok ? 'merchant, currency or payment state does not match' : cents !== inv.cents ? `paid ${got.amount}, invoiced ${fmt(inv.cents)}` : 'a second payment';
      if (inv.status !== 'PAID') Object.assign(inv, { status: 'REVIEW', externalId: got.paymentId, paidAmount: fmt(cents), reviewReason: why });
      return answer;
    }
    inv.paidAmount = fmt(cents);
    credit(inv, got.paymentId);
    return answer;
  }

  return { root, bindingFields, walletFields, txFields, audit, notify };
}

// The top-menu balance: applies myBalance events in version order.
//  - an event whose version is not newer than the last applied one is ignored
//    (duplicates after a reconnect, at-least-once delivery);
//  - an event that skips versions (version > last + 1) is applied and MyWallet is
//    refetched, so the page can resync whatever it shows (history, totals).
export class BalanceTracker {
  /** fetchWallet: async () => {balance, currency, version}; onChange(state, info) */
  constructor({ fetchWallet, onChange }) {
    this.fetchWallet = fetchWallet;
    this.onChange = onChange;
    this.state = null; // {balance, currency, version, walletNumber}
  }

  reset() {
    this.state = null;
  }

  /** Returns 'applied', 'ignored' or 'resync'. */
  apply(event) {
    const last = this.state?.version;
    if (last != null && event.version <= last) return 'ignored';
    const gap = last != null && event.version > last + 1;
    this.set({ balance: event.balance, currency: event.currency, version: event.version, walletNumber: event.walletNumber }, { event, gap });
    if (gap) this.resync();
    return gap ? 'resync' : 'applied';
  }

  async resync() {
    const w = await this.fetchWallet();
    if (w && (this.state == null || w.version >= this.state.version)) {
      this.set({ balance: w.balance, currency: w.currency, version: w.version, walletNumber: w.number }, { resynced: true });
    }
  }

  set(state, info) {
    this.state = state;
    this.onChange?.(state, info);
  }
}

/** What the driver asks an instance (over the child process's IPC channel). */
export type Request =
  | { readonly id: number; readonly op: 'price'; readonly sku: string }
  | { readonly id: number; readonly op: 'setPrice'; readonly sku: string; readonly price: number }
  /** The bus counters alone, without reading anything. */
  | { readonly id: number; readonly op: 'stats' }
  | { readonly id: number; readonly op: 'close' };

/** Where a read was answered: this instance's L1, the shared L2 (Redis), or the database (a miss). */
export type ServedBy = 'L1' | 'L2' | 'database';

/** The bus counters an instance reports with each answer. */
export interface BusCounts {
  /** Messages this instance published (a write over an entry, an eviction). */
  readonly published: number;
  /** Writes into an empty key, which need no message. */
  readonly unannounced: number;
  /** Peers' messages applied to this instance's L1. */
  readonly applied: number;
}

export interface Reply {
  readonly id: number;
  readonly price?: number;
  readonly servedBy?: ServedBy;
  readonly bus: BusCounts;
  readonly error?: string;
}

/** Sent once by an instance when its bus is up and it takes requests. */
export interface Ready {
  readonly ready: true;
}

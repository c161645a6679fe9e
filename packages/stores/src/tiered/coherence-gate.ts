/** A read or write of one key in flight between L2 and L1. */
export interface GateTicket {
  readonly key: string;
  /** Sequence number the ticket is current as of. */
  seq: number;
}

/**
 * Keeps L1 from being filled with a value that an invalidation already
 * superseded.
 *
 * The race it closes: a read fetches key k from L2; before it copies the
 * value into L1, a peer deletes k and its bus message drops k from this L1
 * (where it is not yet). Copying now would keep the old value in L1 for its
 * whole L1 lifetime. So every L2 round trip holds a ticket, every invalidation
 * advances a sequence number, and a fill happens only if no invalidation that
 * could concern its key came after the ticket was taken.
 *
 * Key invalidations are tracked per key (only for keys with a ticket out, so
 * the map stays as small as the number of calls in flight); tag, pattern and
 * flush invalidations void every ticket out: which keys carry a tag is known
 * only after the read, and skipping a fill costs one later L2 read.
 */
export class CoherenceGate {
  private seq = 0;
  /** Sequence number of the last invalidation that concerned every key. */
  private allSeq = 0;
  private readonly keySeq = new Map<string, number>();
  private readonly inFlight = new Map<string, number>();

  /** Takes a ticket before the L2 round trip for `key` starts. Release it with `end`. */
  begin(key: string): GateTicket {
    this.inFlight.set(key, (this.inFlight.get(key) ?? 0) + 1);
    return { key, seq: this.seq };
  }

  /** Releases a ticket. */
  end(ticket: GateTicket): void {
    const left = (this.inFlight.get(ticket.key) ?? 1) - 1;
    if (left > 0) {
      this.inFlight.set(ticket.key, left);
      return;
    }
    this.inFlight.delete(ticket.key);
    this.keySeq.delete(ticket.key);
  }

  /** Voids the tickets out for these keys. */
  invalidateKeys(keys: Iterable<string>): void {
    const seq = ++this.seq;
    for (const key of keys) if (this.inFlight.has(key)) this.keySeq.set(key, seq);
  }

  /** Voids every ticket out. */
  invalidateAll(): void {
    this.allSeq = ++this.seq;
  }

  /** True when no invalidation concerning the ticket's key came after it. */
  isCurrent(ticket: GateTicket): boolean {
    return this.allSeq <= ticket.seq && (this.keySeq.get(ticket.key) ?? 0) <= ticket.seq;
  }

  /**
   * For a write: if the ticket is current, voids every other ticket on its
   * key (they read what this write replaces) and keeps this one current.
   * Returns false when an invalidation came first (the write's L1 copy must not be made).
   */
  claim(ticket: GateTicket): boolean {
    if (!this.isCurrent(ticket)) return false;
    this.invalidateKeys([ticket.key]);
    ticket.seq = this.seq;
    return true;
  }
}

/**
 * A stand-in for a remote pricing service that can be made to fail or to
 * slow down on demand, and counts how often it is asked.
 */
export class PriceSource {
  /** Calls per SKU. */
  readonly calls = new Map<string, number>();
  /** When set, every call rejects with this error. */
  failure: Error | undefined;
  /** Milliseconds each call takes. */
  latencyMs = 5;
  /** Added to every price, so that a fresh value can be told from a stale one. */
  revision = 0;

  async price(sku: string): Promise<number> {
    this.calls.set(sku, (this.calls.get(sku) ?? 0) + 1);
    await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    if (this.failure) throw this.failure;
    return 100 + sku.length + this.revision;
  }

  total(): number {
    return [...this.calls.values()].reduce((sum, n) => sum + n, 0);
  }
}

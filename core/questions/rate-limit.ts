/**
 * Accepted questions per client IP in a sliding hour, kept in this process's memory only:
 * no address is ever written to the database (it is personal data and the question does
 * not need it). With several server processes each counts its own share.
 */
export class IpRateLimit {
  private readonly hits = new Map<string, number[]>();
  constructor(
    private readonly perHour: number,
    private readonly windowMs = 3_600_000,
  ) {}

  /** Whether `ip` may send one more now (does not count it). */
  allows(ip: string, now: Date): boolean {
    return this.recent(ip, now).length < this.perHour;
  }

  record(ip: string, now: Date): void {
    this.hits.set(ip, [...this.recent(ip, now), now.getTime()]);
    if (this.hits.size > 100_000) this.prune(now);
  }

  private recent(ip: string, now: Date): number[] {
    const since = now.getTime() - this.windowMs;
    return (this.hits.get(ip) ?? []).filter((t) => t > since);
  }

  private prune(now: Date): void {
    for (const ip of [...this.hits.keys()]) if (this.recent(ip, now).length === 0) this.hits.delete(ip);
  }
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSecretKey } from '../../lib/secrets.ts';
import { createTestDatabase, type TestDatabase } from '../../test/db.ts';
import { formatReport, runChaos } from './run.ts';

/**
 * The short chaos run of `npm run chaos` (≤ 3 minutes): a few items to every connector through
 * real `loa worker` processes, with faults on every simulator, workers SIGKILLed and items
 * revised and approved again while their deliveries are in flight. Leases are
 * shortened here (LOA_DELIVERY_LEASE_MS) so a killed publish recovers within the budget; the
 * full run uses Loa's defaults.
 */
describe('chaos run (short)', () => {
  let t: TestDatabase;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-chaos-'));

  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('publishes every delivery exactly once through faults and killed workers', async () => {
    const lines: string[] = [];
    const report = await runChaos({
      databaseUrl: t.url,
      db: t.db,
      dataDir,
      secretKey: generateSecretKey(),
      items: 6,
      workers: 2,
      concurrency: 4,
      killEveryMs: [12_000, 20_000],
      faultPerRequests: 4,
      // The lease (10 s) plus the settle time must outlast WordPress's slow accept (33 s after the
      // request): a publish killed just after sending ends its attempt at the lease's expiry, and
      // reconcile must not call the post absent before the simulator stores it (15 s did not).
      settleSeconds: 30,
      correctShare: 0.34,
      workerEnv: { LOA_DELIVERY_LEASE_MS: '10000', LOA_DELIVERY_HEARTBEAT_MS: '2000' },
      deadlineMs: 150_000,
      seed: 7,
      say: (line) => lines.push(line),
    });
    const summary = formatReport(report).join('\n');
    // Every connector was reached, faults were injected, workers were killed and items were revised in flight: the run tested something.
    // (A correction whose older post never landed adds the newer revision's delivery.)
    expect(report.tally.deliveries, summary).toBeGreaterThanOrEqual(33);
    expect(Object.values(report.tally.corrections).reduce((a, b) => a + b, 0), summary).toBeGreaterThan(0);
    expect(Object.values(report.faults).reduce((a, b) => a + b, 0), summary).toBeGreaterThan(5);
    expect(report.kills.length, summary).toBeGreaterThan(0);
    expect({ duplicates: report.tally.duplicates, lost: report.tally.lost, stuck: report.tally.stuck }, summary).toEqual({ duplicates: [], lost: [], stuck: [] });
  }, 200_000);
});

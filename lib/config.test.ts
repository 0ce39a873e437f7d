import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('delivery recovery defaults', () => {
  it('a SIGKILLed worker\'s delivery is handed to a live worker within 60 s: lease expiry + one sweep interval, with a heartbeat that survives a missed beat', () => {
    const c = loadConfig({ LOA_DATA_DIR: '/tmp/loa-config-test' });
    expect(c.deliveryLeaseMs + c.sweepIntervalMs).toBeLessThanOrEqual(60_000);
    expect(c.deliveryHeartbeatMs * 2).toBeLessThanOrEqual(c.deliveryLeaseMs);
  });
});

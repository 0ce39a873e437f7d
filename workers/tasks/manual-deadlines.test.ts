import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { and, eq, inArray } from 'drizzle-orm';
import type { JobHelpers } from 'graphile-worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../core/actor.ts';
import { setFreeze } from '../../core/system-settings.ts';
import { channels, deliveryAttempts, links, manualTasks, notifications, users } from '../../db/schema/index.ts';
import { systemClock } from '../../lib/clock.ts';
import { loadConfig } from '../../lib/config.ts';
import { createLogger } from '../../lib/logger.ts';
import { createSecretBox, generateSecretKey } from '../../lib/secrets.ts';
import { LocalStorage } from '../../lib/storage.ts';
import { approveItem, createCommuneWorld, type CommuneWorld } from '../../test/commune-fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../../test/db.ts';
import { deliveryRow, waitForState } from '../../test/delivery-fixtures.ts';
import { startWorker, type LoaWorker } from '../runner.ts';
import { createManualDeadlinesTask } from './manual-deadlines.ts';

describe('commune Zalo group pushes through a real worker: officer tasks, deadlines, reminders', () => {
  let t: TestDatabase;
  let worker: LoaWorker;
  let world: CommuneWorld;
  const logs: string[] = [];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-manual-'));
  const log = createLogger(
    'debug',
    new Writable({
      write(chunk, _enc, cb) {
        logs.push(chunk.toString());
        cb();
      },
    }),
  );

  beforeAll(async () => {
    t = await createTestDatabase();
    world = await createCommuneWorld(t.db, { communes: 1, groupsPerCommune: 3 });
    // The third group's officers have two hours, reminded one hour before.
    await t.db.update(channels).set({ settings: { deadlineHours: 2, reminderHoursBefore: 1 } }).where(eq(channels.id, world.communes[0]!.groups[2]!));
    const config = loadConfig({ LOA_DATA_DIR: dataDir, LOA_WORKER_CONCURRENCY: '4' });
    worker = await startWorker({ db: t.db, databaseUrl: t.url, log, config, clock: systemClock, secrets: createSecretBox(generateSecretKey()), storage: new LocalStorage(dataDir) });
  });
  afterAll(async () => {
    await worker?.stop();
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const officerNotes = (kind: string) =>
    t.db.select().from(notifications).where(and(eq(notifications.userId, world.communes[0]!.officerId), eq(notifications.kind, kind)));

  it('at its time each group push becomes an officer task with a deadline and a tracked link — no connector call, one notification per officer', async () => {
    const groups = world.communes[0]!.groups;
    const publishAt = new Date(Date.now() + 1500);
    const { deliveryIds, itemId } = await approveItem(t.db, { unitId: world.province, authorId: world.editorId, channelIds: groups, publishAt, publicUrl: 'https://loa.example.vn' });
    const opened = await Promise.all(deliveryIds.map((id) => waitForState(t.db, id, 'awaiting_officer')));
    for (const d of opened) {
      expect(d.attemptCount).toBe(0);
      expect(d.updatedAt.getTime()).toBeGreaterThanOrEqual(publishAt.getTime() - 1000);
    }
    expect(await t.db.select().from(deliveryAttempts).where(inArray(deliveryAttempts.deliveryId, deliveryIds))).toHaveLength(0);
    const hours = (d: (typeof opened)[number]) => (d.deadlineAt!.getTime() - d.updatedAt.getTime()) / 3600_000;
    expect(hours(opened[0]!)).toBeCloseTo(24, 2);
    expect(hours(opened[2]!)).toBeCloseTo(2, 2);
    const groupLinks = await t.db.select().from(links).where(inArray(links.deliveryId, deliveryIds));
    expect(groupLinks).toHaveLength(3);
    for (const l of groupLinks) expect(l.targetUrl).toMatch(new RegExp(`^https://loa\\.example\\.vn/bai-viet/vay-von-[0-9a-f]+\\?ref=loa:${l.deliveryId}$`));
    const tasks = await officerNotes('officer_task');
    expect(tasks).toHaveLength(1);
    expect(tasks[0]!.data).toMatchObject({ itemId, url: '/xa' });
    expect(logs.join('')).toContain('delivery.officer_task');
  });

  it('under the publishing freeze a due push waits in scheduled with the reason, and opens once the freeze lifts', async () => {
    await setFreeze(t.db, systemActor, { on: true, reason: 'Chờ ý kiến lãnh đạo' }, new Date());
    let deliveryId = '';
    try {
      const { deliveryIds } = await approveItem(t.db, { unitId: world.province, authorId: world.editorId, channelIds: [world.communes[0]!.groups[0]!], publishAt: new Date(), publicUrl: 'https://loa.example.vn' });
      deliveryId = deliveryIds[0]!;
      const held = await waitForHold(deliveryId);
      expect(held.state).toBe('scheduled');
      expect(held.holdReason).toContain('Chờ ý kiến lãnh đạo');
    } finally {
      await setFreeze(t.db, systemActor, { on: false }, new Date());
    }
    const opened = await waitForState(t.db, deliveryId, 'awaiting_officer');
    expect(opened.holdReason).toBeNull();
    // Still one unread task notification for each item the officer has.
    expect(await officerNotes('officer_task')).toHaveLength(2);
  });

  async function waitForHold(id: string) {
    for (let i = 0; i < 200; i++) {
      const d = await deliveryRow(t.db, id);
      if (d.holdReason) return d;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('delivery was not held');
  }

  it('reminds each officer once, for their groups still open; past the deadline the push is missed', async () => {
    const third = world.communes[0]!.groups[2]!;
    const [task] = await t.db
      .select({ remindAt: manualTasks.remindAt, deliveryId: manualTasks.deliveryId })
      .from(manualTasks)
      .innerJoin(links, eq(links.deliveryId, manualTasks.deliveryId))
      .where(eq(links.channelId, third));
    const deadlineAt = (await deliveryRow(t.db, task!.deliveryId)).deadlineAt!;
    expect(deadlineAt.getTime() - task!.remindAt!.getTime()).toBe(3600_000);
    await t.db.update(users).set({ zaloUserId: '8411223344' }).where(eq(users.id, world.communes[0]!.officerId));
    await t.db.insert(channels).values({ unitId: world.province, platform: 'zalo_oa', name: 'Zalo OA Công an tỉnh Sơn La' });
    let at = new Date(task!.remindAt!.getTime() + 60_000);
    const run = createManualDeadlinesTask({ db: t.db, log, clock: { now: () => at } });
    await run({}, {} as JobHelpers);
    const reminders = await officerNotes('officer_reminder');
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.title).toBe('Nhắc việc: còn 1 nhóm Zalo chưa đăng "Vay vốn ưu đãi cho người chấp hành xong án phạt tù"');
    expect(reminders[0]!.body).toContain('Nhóm Zalo bản 3 – Chiềng Cơi');
    expect(logs.join('')).toContain('manual.zalo_reminder_not_sent');
    await run({}, {} as JobHelpers);
    expect(await officerNotes('officer_reminder')).toHaveLength(1);

    at = new Date(deadlineAt.getTime() + 60_000);
    await run({}, {} as JobHelpers);
    expect((await deliveryRow(t.db, task!.deliveryId)).state).toBe('missed');
    const [firstLink] = await t.db.select().from(links).where(eq(links.channelId, world.communes[0]!.groups[1]!));
    expect((await deliveryRow(t.db, firstLink!.deliveryId!)).state).toBe('awaiting_officer');
  });
});

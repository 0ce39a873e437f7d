import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifyUnitRoles } from '../../core/notifications/notify.ts';
import { notifications, users } from '../../db/schema/index.ts';
import { systemClock } from '../../lib/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../test/db.ts';
import { createUnit, createUser } from '../../test/app.ts';
import { createSmtpMailer } from '../../lib/mailer.ts';
import { startSmtpCapture } from '../../test/smtp-capture.ts';
import { createSendNotificationEmailsTask } from './send-notification-emails.ts';

describe('notification emails', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    const province = await createUnit(t.db, 'Công an tỉnh');
    const commune = await createUnit(t.db, 'Công an xã A', province);
    await createUser(t.db, 'truong@ca.vn', [{ role: 'approver', unitId: province }]);
    const english = await createUser(t.db, 'xa-a@ca.vn', [{ role: 'approver', unitId: commune }]);
    await t.db.update(users).set({ locale: 'en' }).where(eq(users.id, english));
    await notifyUnitRoles(t.db, commune, ['approver'], { kind: 'approval_waiting', title: { vi: 'Có bài chờ duyệt', en: 'Waiting for approval' }, body: { vi: 'Bài "Con đường hướng thiện" chờ duyệt', en: '"Con đường hướng thiện" is waiting for approval' } });
  });
  afterAll(() => t.close());

  it('emails pending notifications once through SMTP, each in its reader\'s language', async () => {
    const smtp = await startSmtpCapture();
    const received = smtp.mails;
    try {
      const mailer = createSmtpMailer(smtp.url, 'Loa <loa@ca.vn>');
      const task = createSendNotificationEmailsTask({ db: t.db, mailer, clock: systemClock, publicUrl: 'http://loa.local' });
      await task();
      expect(received.map((r) => r.to).sort()).toEqual(['truong@ca.vn', 'xa-a@ca.vn']);
      expect(received[0]!.body).toContain('http://loa.local');
      const english = received.find((r) => r.to === 'xa-a@ca.vn')!.body;
      expect(english).toContain('Subject: [Loa] Waiting for approval');
      expect(received.find((r) => r.to === 'truong@ca.vn')!.body).not.toContain('Waiting for approval');
      await task();
      expect(received).toHaveLength(2);
      const rows = await t.db.select().from(notifications);
      expect(rows.every((r) => r.emailedAt !== null)).toBe(true);
    } finally {
      await smtp.close();
    }
  });
});

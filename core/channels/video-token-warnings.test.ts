import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels } from '../../db/schema/index.ts';
import { createTestApp, createUnit, createUser, login, type TestApp } from '../../test/app.ts';
import { sealCredentials } from './credentials.ts';
import { warnExpiringVideoTokens } from './video-token-warnings.ts';

const DAY = 86_400_000;

describe('Fanpage admins told once when video posting is about to need a reconnect', () => {
  let t: TestApp;
  let province: string;
  beforeAll(async () => {
    t = await createTestApp();
    province = await createUnit(t.db, 'Công an tỉnh Sơn La');
    await createUser(t.db, 'quantri@ca.vn', [{ role: 'admin', unitId: province }]);
    await createUser(t.db, 'bientap@ca.vn', [{ role: 'editor', unitId: province }]);
  });
  afterAll(() => t.close());

  const fanpage = async (name: string, expiresInDays: number, platform: 'facebook_page' | 'youtube_channel' = 'facebook_page') => {
    const [row] = await t.db
      .insert(channels)
      .values({
        unitId: province,
        platform,
        name,
        settings: {},
        credentialsSealed: sealCredentials(t.deps.secrets, { pageAccessToken: 'EAAB-page', userAccessToken: 'EAAB-user' }),
        credentialsExpiresAt: new Date(Date.now() + expiresInDays * DAY),
      })
      .returning({ id: channels.id });
    return row!.id;
  };
  const titles = async (email: string) => ((await (await login(t.app, email)).request('GET', '/api/v1/notifications')).json().items as { title: string; body: string }[]);

  it('within 14 days of the expiry, once; again after a reconnect stores a new expiry; never for a far expiry or another platform', async () => {
    const soon = await fanpage('Fanpage Công an tỉnh', 10);
    await fanpage('Fanpage PC10', 40);
    await fanpage('Kênh YouTube', 2, 'youtube_channel');
    expect(await warnExpiringVideoTokens(t.db, new Date())).toBe(1);
    expect(await warnExpiringVideoTokens(t.db, new Date())).toBe(0);

    const [told] = await titles('quantri@ca.vn');
    expect(told!.title).toBe('Kênh "Fanpage Công an tỉnh" cần kết nối lại để đăng video');
    expect(told!.body).toMatch(/^Quyền đăng video trên Fanpage hết hạn ngày \d\d\/\d\d\/\d{4}: kết nối lại Fanpage trước ngày đó/);
    expect(await titles('quantri@ca.vn')).toHaveLength(1);
    // Editors cannot reconnect a channel: the administrators are the ones told.
    expect(await titles('bientap@ca.vn')).toHaveLength(0);

    // Reconnected, then 60 days later the new expiry enters its own window.
    await t.db.update(channels).set({ credentialsExpiresAt: new Date(Date.now() + 60 * DAY) }).where(eq(channels.id, soon));
    expect(await warnExpiringVideoTokens(t.db, new Date())).toBe(0);
    expect(await warnExpiringVideoTokens(t.db, new Date(Date.now() + 50 * DAY))).toBe(2);
  });
});

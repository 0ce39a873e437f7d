import { cliActor } from '../../core/actor.ts';
import { createAdminWithRootUnit } from '../../core/setup.ts';
import type { Db } from '../../db/client.ts';
import type { App } from '../../server/app.ts';
import { signInDemo, type DemoSession } from './api.ts';
import { DEMO_ADMIN, DEMO_PASSWORD, demoUnits, demoUsers, PROVINCE_NAME, type UnitKey, type UserKey } from './org-data.ts';

export interface DemoOrg {
  /** Unit ids by key; `province` is the root. */
  units: Record<UnitKey | 'province', string>;
  sessions: Record<UserKey, DemoSession>;
}

/** The root unit and first administrator (as `loa user create` makes them), then the rest through the API. */
export async function seedOrg(app: App, db: Db): Promise<DemoOrg> {
  const { unitId: province } = await createAdminWithRootUnit(db, cliActor, {
    email: DEMO_ADMIN.email,
    displayName: DEMO_ADMIN.displayName,
    password: DEMO_PASSWORD,
    unitName: PROVINCE_NAME,
  });
  const admin = await signInDemo(app, DEMO_ADMIN.email, DEMO_PASSWORD);
  await admin.call('PATCH', `/api/v1/units/${province}`, { code: 'BD' });
  const units = { province } as DemoOrg['units'];
  for (const u of demoUnits) {
    const made = await admin.call('POST', '/api/v1/units', { parentId: province, name: u.name, kind: u.kind, code: u.code });
    units[u.key] = made.id as string;
  }
  const sessions = { admin } as DemoOrg['sessions'];
  for (const u of demoUsers) {
    await admin.call('POST', '/api/v1/users', {
      email: u.email,
      displayName: u.displayName,
      password: DEMO_PASSWORD,
      locale: 'vi',
      unitId: units[u.unit ?? 'province'],
      role: u.role,
    });
    sessions[u.key] = await signInDemo(app, u.email, DEMO_PASSWORD);
  }
  return { units, sessions };
}

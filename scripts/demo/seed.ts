import { count } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { contentItems, users } from '../../db/schema/index.ts';
import type { Clock } from '../../lib/clock.ts';
import type { App } from '../../server/app.ts';
import { signInDemo } from './api.ts';
import { demoItems } from './content-data.ts';
import { DEMO_ADMIN, DEMO_PASSWORD } from './org-data.ts';
import { rewireDemoChannels } from './rewire.ts';
import { seedChannels } from './seed-channels.ts';
import { seedContent, type SeededItem } from './seed-content.ts';
import { seedOrg } from './seed-org.ts';
import type { DemoEndpoints } from './simulators.ts';

export interface SeedDeps {
  app: App;
  db: Db;
  clock: Clock;
  endpoints: DemoEndpoints;
}

export type SeedResult = { created: true; items: SeededItem[] } | { created: false; channelsRewired: number };

/** Refused states, explained in Vietnamese to whoever runs the demo. */
export class DemoSetupError extends Error {}

/**
 * Seeds the demo province on an empty database, or, when a previous run already did,
 * only rewires its channels to this run's simulators: running the demo twice never
 * duplicates anything. A database holding anything else is left alone.
 */
export async function seedDemo(deps: SeedDeps): Promise<SeedResult> {
  const state = await demoDatabaseState(deps.db);
  if (state === 'foreign') {
    throw new DemoSetupError(
      'Cơ sở dữ liệu này đã có người dùng không thuộc bản demo; demo không ghi vào đó. ' +
        'Hãy bỏ DATABASE_URL (demo dùng PostgreSQL nhúng riêng) hoặc trỏ tới một cơ sở dữ liệu trống.',
    );
  }
  if (state === 'partial') {
    throw new DemoSetupError('Lần chạy demo trước bị ngắt giữa chừng, dữ liệu chưa đủ. Chạy lại với: npm run demo -- --reset');
  }
  if (state === 'seeded') {
    const admin = await signInDemo(deps.app, DEMO_ADMIN.email, DEMO_PASSWORD);
    return { created: false, channelsRewired: await rewireDemoChannels(admin, deps.endpoints) };
  }
  const org = await seedOrg(deps.app, deps.db);
  const channels = await seedChannels(org.sessions.admin, org, deps.endpoints);
  const items = await seedContent(org, channels, deps.clock.now());
  return { created: true, items };
}

export type DemoDatabaseState = 'empty' | 'seeded' | 'partial' | 'foreign';

/** Content comes last in seeding, so every demo item present means a finished seed (items tied to a platform may be absent). */
export async function demoDatabaseState(db: Db): Promise<DemoDatabaseState> {
  const emails = (await db.select({ email: users.email }).from(users)).map((u) => u.email.toLowerCase());
  if (emails.length === 0) return 'empty';
  if (!emails.includes(DEMO_ADMIN.email)) return 'foreign';
  const [items] = await db.select({ n: count() }).from(contentItems);
  return (items?.n ?? 0) >= demoItems.filter((i) => !i.onlyWith).length ? 'seeded' : 'partial';
}

import { parseArgs } from 'node:util';
import { count, eq } from 'drizzle-orm';
import { cliActor } from '../../core/actor.ts';
import { audit } from '../../core/audit.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../../core/auth/passwords.ts';
import { createAdminWithRootUnit } from '../../core/setup.ts';
import { memberships, roles, type Role, units, users } from '../../db/schema/index.ts';
import { randomBytes } from 'node:crypto';
import { boot } from './boot.ts';

const usage = `loa user create --email EMAIL --name "Họ tên" [--role admin|editor|approver|commune_officer|viewer]
                [--unit UNIT_ID_OR_CODE] [--unit-name "Công an tỉnh …" (empty installation only)]
  The password is read from LOA_NEW_PASSWORD, or generated and printed once.`;

export async function userCreate(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string', default: 'admin' },
      unit: { type: 'string' },
      'unit-name': { type: 'string', default: 'Công an tỉnh' },
    },
  });
  if (!values.email || !values.name || !roles.includes(values.role as Role)) {
    console.error(usage);
    process.exitCode = 2;
    return;
  }
  // eslint-disable-next-line no-restricted-properties -- a one-off CLI secret input, kept out of argv and shell history
  const given = process.env.LOA_NEW_PASSWORD;
  const password = given ?? randomBytes(12).toString('base64url');
  if ([...password].length < MIN_PASSWORD_LENGTH) throw new Error(`Password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  const { database, log } = await boot();
  try {
    const db = database.db;
    const [n] = await db.select({ n: count() }).from(units);
    if ((n?.n ?? 0) === 0) {
      if (values.role !== 'admin') throw new Error('The first user of an empty installation must be an admin');
      const created = await createAdminWithRootUnit(db, cliActor, {
        email: values.email,
        displayName: values.name,
        password,
        unitName: values['unit-name']!,
      });
      log.info(created, 'created root unit and admin');
    } else {
      const unitRef = values.unit;
      const [unit] = unitRef
        ? await db.select().from(units).where(/^[0-9a-f-]{36}$/i.test(unitRef) ? eq(units.id, unitRef) : eq(units.code, unitRef))
        : await db.select().from(units).where(eq(units.kind, 'province')).limit(1);
      if (!unit) throw new Error(`Unit not found: ${unitRef ?? '(root)'}; pass --unit`);
      const passwordHash = await hashPassword(password);
      await db.transaction(async (tx) => {
        const [user] = await tx
          .insert(users)
          .values({ email: values.email!.toLowerCase(), displayName: values.name!, passwordHash })
          .returning({ id: users.id });
        await tx.insert(memberships).values({ userId: user!.id, unitId: unit.id, role: values.role as Role });
        await audit(tx, cliActor, { action: 'user.create', entityType: 'user', entityId: user!.id, unitId: unit.id, data: { email: values.email, role: values.role } });
      });
    }
    console.log(`Đã tạo người dùng / user created: ${values.email} (${values.role})`);
    if (!given) console.log(`Mật khẩu tạm / temporary password: ${password}`);
  } finally {
    await database.close();
  }
}

import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { count, eq, isNull } from 'drizzle-orm';
import { cliActor } from '../../core/actor.ts';
import { checkUserFields } from '../../core/org/user-fields.ts';
import { insertUser } from '../../core/org/users.ts';
import { createAdminWithRootUnit } from '../../core/setup.ts';
import { roles, type Role, units } from '../../db/schema/index.ts';
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
  checkUserFields({ email: values.email, displayName: values.name, password });
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
        : await db.select().from(units).where(isNull(units.parentId)).limit(1);
      if (!unit) throw new Error(`Unit not found: ${unitRef ?? '(root)'}; pass --unit`);
      await insertUser(db, cliActor, { email: values.email, displayName: values.name, password, unitId: unit.id, role: values.role as Role });
    }
    console.log(`Đã tạo người dùng / user created: ${values.email} (${values.role})`);
    if (!given) console.log(`Mật khẩu tạm / temporary password: ${password}`);
  } finally {
    await database.close();
  }
}

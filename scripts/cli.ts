import { ConfigError } from '../lib/config.ts';
import { run } from './cli/run.ts';
import { userCreate } from './cli/user-create.ts';
import { migrateOnly } from './cli/migrate.ts';
import { rotateSecrets } from './cli/rotate-secrets.ts';

class UsageError extends Error {}

const help = `Loa — lập lịch đăng bài đa kênh "Con đường hướng thiện"

Usage: loa <command>
  start                 server + worker in one process (default of npm start)
  server                HTTP API, officer pages and public site only
  worker                publishing worker only
  migrate               apply database migrations and exit
  user create …         create a user (run with no options for help)
  secrets rotate        re-encrypt channel credentials under a new key
`;

const [command, sub, ...rest] = process.argv.slice(2);
try {
  switch (command ?? 'start') {
    case 'start':
    case 'server':
    case 'worker':
      await run((command ?? 'start') as 'start' | 'server' | 'worker');
      break;
    case 'migrate':
      await migrateOnly();
      break;
    case 'user':
      if (sub !== 'create') throw new UsageError();
      await userCreate(rest);
      break;
    case 'secrets':
      if (sub !== 'rotate') throw new UsageError();
      await rotateSecrets();
      break;
    default:
      throw new UsageError();
  }
} catch (err) {
  if (err instanceof UsageError) {
    process.stderr.write(help);
    process.exitCode = 2;
  } else if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exitCode = 1;
  } else {
    process.stderr.write(`loa: ${(err as Error).message ?? err}\n`);
    process.exitCode = 1;
  }
}

import { systemClock } from '../../lib/clock.ts';
import { LocalStorage } from '../../lib/storage.ts';
import { ensureSetupInvitation } from '../../core/setup.ts';
import { buildApp } from '../../server/app.ts';
import { startWorker, type LoaWorker } from '../../workers/runner.ts';
import { ensureWebBuild } from '../web/build.ts';
import { boot } from './boot.ts';

/**
 * `loa start` (server + worker, the default of `npm start`), `loa server`, `loa worker`.
 * Shutdown is sequenced: stop accepting HTTP, let the worker finish in-flight jobs, close
 * the database, then stop the embedded PostgreSQL.
 */
export async function run(mode: 'start' | 'server' | 'worker'): Promise<void> {
  const { config, log, database, secrets } = await boot();
  // The officer app at /app is served from web/dist: build it when missing or stale.
  if (mode !== 'worker') await ensureWebBuild((line) => log.info(line));
  const deps = { config, db: database.db, log, clock: systemClock, secrets, storage: new LocalStorage(config.mediaDir) };
  const app = mode === 'worker' ? undefined : await buildApp(deps);
  let worker: LoaWorker | undefined;
  let stopping = false;

  const shutdown = async (signal: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 30_000).unref();
    await app?.close().catch((err) => log.error({ err }, 'server close failed'));
    await worker?.stop().catch((err) => log.error({ err }, 'worker stop failed'));
    await database.close().catch((err) => log.error({ err }, 'database close failed'));
    clearTimeout(force);
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  if (mode !== 'server') {
    worker = await startWorker({ ...deps, databaseUrl: database.url });
  }
  if (app) {
    try {
      await app.listen({ port: config.port, host: config.host });
    } catch (err) {
      // Without this, a second `npm start` (or a port taken by something else) left its worker and database running
      // with no server, until killed by hand.
      process.stderr.write(`loa: ${listenFailure(err, config.port)}\n`);
      await shutdown('listen failed', 1);
      return;
    }
    const setup = await ensureSetupInvitation(database.db, systemClock);
    if (setup.kind === 'invited') {
      printBanner([
        'Loa chưa có tài khoản quản trị. / Loa has no administrator yet.',
        `Mở liên kết thiết lập (dùng một lần) / Open the one-time setup link:`,
        `  ${config.publicUrl}/setup?token=${setup.token}`,
        'Mỗi lần khởi động in một liên kết mới; liên kết cũ hết hiệu lực. / Each start prints a new link; earlier ones stop working.',
        'hoặc / or:  npx loa user create --email you@example.vn --name "Họ tên" --role admin',
      ]);
    }
    log.info({ url: config.publicUrl, docs: `${config.publicUrl}/docs`, embeddedDatabase: database.embedded }, 'Loa is ready');
  }
}

function listenFailure(err: unknown, port: number): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    return `cổng ${port} đang được dùng (có thể Loa đang chạy rồi): dừng chương trình kia, hoặc chọn cổng khác, ví dụ PORT=${port + 1} npm start / port ${port} is already in use`;
  }
  if (code === 'EACCES') return `không được phép mở cổng ${port}: chọn cổng từ 1024 trở lên, ví dụ PORT=3000 / no permission to listen on port ${port}`;
  return `không mở được cổng ${port} / could not listen on port ${port}: ${(err as Error).message}`;
}

function printBanner(lines: string[]) {
  const width = Math.max(...lines.map((l) => l.length)) + 4;
  process.stdout.write(`\n${'═'.repeat(width)}\n${lines.map((l) => `  ${l}`).join('\n')}\n${'═'.repeat(width)}\n\n`);
}

import { parseArgs } from 'node:util';
import { ensureRealWordpress, stopRealWordpress, WordpressSetupError } from './real-wordpress.ts';

// `npm run wordpress [-- --port N --data-dir DIR | --stop]`: a real WordPress on loopback
// for the contract suite and for trying Loa against it. Prints base URL and credentials as JSON.
const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    port: { type: 'string' },
    stop: { type: 'boolean' },
  },
});

try {
  if (values.stop) {
    stopRealWordpress(values['data-dir']);
  } else {
    const wp = await ensureRealWordpress({
      dataDir: values['data-dir'],
      port: values.port ? Number(values.port) : undefined,
      log: (line) => process.stderr.write(`${line}\n`),
    });
    process.stdout.write(`${JSON.stringify(wp, null, 2)}\n`);
  }
} catch (err) {
  process.stderr.write(`${err instanceof WordpressSetupError ? '' : 'unexpected: '}${(err as Error).message}\n`);
  process.exit(1);
}

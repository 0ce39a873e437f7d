import { parseArgs } from 'node:util';
import { ConfigError } from '../../lib/config.ts';
import { runDemo } from './run.ts';
import { DemoSetupError } from './seed.ts';

const usage = `npm run demo [-- --reset]
  Chạy Loa cùng các nền tảng mô phỏng và dữ liệu mẫu của một tỉnh (không cần Internet).
  --reset   xoá dữ liệu demo cũ rồi tạo lại từ đầu`;

try {
  const { values } = parseArgs({ options: { reset: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } } });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
  } else {
    await runDemo({ reset: values.reset });
  }
} catch (err) {
  if (err instanceof DemoSetupError || err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
  } else if ((err as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    process.stderr.write(`${(err as Error).message}\n${usage}\n`);
  } else {
    process.stderr.write(`Demo dừng vì lỗi: ${(err as Error).stack ?? String(err)}\n`);
  }
  process.exitCode = 1;
}

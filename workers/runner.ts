import { CLOSE_ANSWERED_TASK } from '../core/questions/answered.ts';
import { createCloseAnsweredQuestionsTask } from './tasks/close-answered-questions.ts';
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { eq } from 'drizzle-orm';
import { Logger as WorkerLogger, makeWorkerUtils, run, type Runner, type TaskList, type WorkerEvents, type WorkerPool } from 'graphile-worker';
import { createConnectorRegistry, type ConnectorRegistry } from '../connectors/registry.ts';
import { CORRECT_TASK } from '../core/corrections/jobs.ts';
import { TAKEDOWN_TASK } from '../core/deliveries/actions.ts';
import { POLL_TASK, RECONCILE_TASK, SCAN_TASK, SWEEP_TASK } from '../core/deliveries/follow-up-jobs.ts';
import { PUBLISH_TASK } from '../core/deliveries/jobs.ts';
import { COLLECT_METRICS_TASK, METRICS_SWEEP_TASK } from '../core/metrics/schedule.ts';
import { DRAIN_REPORT_QUEUES_TASK, drainReportQueues } from '../core/reports/report-queues.ts';
import { createSiteStore } from '../core/site/store.ts';
import { mediaPath } from '../core/site/urls.ts';
import type { Db } from '../db/client.ts';
import { workerHeartbeats } from '../db/schema/index.ts';
import type { Clock } from '../lib/clock.ts';
import type { Config } from '../lib/config.ts';
import type { Logger } from '../lib/logger.ts';
import type { SecretBox } from '../lib/secrets.ts';
import type { Storage } from '../lib/storage.ts';
import type { TaskDeps } from './deps.ts';
import { createDueWaker } from './due-waker.ts';
import { graphileBatching } from './graphile-batching.ts';
import { createSmtpMailer } from '../lib/mailer.ts';
import { createCollectMetricsTask, createMetricsSweepTask } from './tasks/collect-metrics.ts';
import { createCorrectDeliveryTask } from './tasks/correct-delivery.ts';
import { createExpireUploadsTask, EXPIRE_UPLOADS_TASK } from './tasks/expire-uploads.ts';
import { createPollProcessingTask } from './tasks/poll-processing.ts';
import { createManualDeadlinesTask, MANUAL_DEADLINES_TASK } from './tasks/manual-deadlines.ts';
import { createPrepareReportDraftsTask, REPORT_DRAFTS_TASK } from './tasks/prepare-report-drafts.ts';
import { createPublishDeliveryTask } from './tasks/publish-delivery.ts';
import { createReconcileTask } from './tasks/reconcile-unconfirmed.ts';
import { createRefreshCredentialsTask, REFRESH_CREDENTIALS_TASK } from './tasks/refresh-credentials.ts';
import { createSendNotificationEmailsTask } from './tasks/send-notification-emails.ts';
import { createScanDuplicatesTask } from './tasks/scan-duplicates.ts';
import { createSweepTask, startSweepTimer } from './tasks/sweep-deliveries.ts';
import { createTakedownTask } from './tasks/takedown-delivery.ts';
import { createWarnVideoTokensTask, WARN_VIDEO_TOKENS_TASK } from './tasks/warn-video-tokens.ts';
import { createWorkerHeartbeatTask } from './tasks/worker-heartbeat.ts';
import { createYoutubeQuotaLedger } from './youtube-quota.ts';
import { createZaloBroadcastLedger } from './zalo-broadcast-ledger.ts';

export interface WorkerDeps {
  db: Db;
  databaseUrl: string;
  log: Logger;
  config: Config;
  clock: Clock;
  secrets: SecretBox;
  storage: Storage;
  /** Replaces the platform connectors (the default registry covers every platform Loa supports). */
  connectors?: ConnectorRegistry;
}

export interface LoaWorker {
  id: string;
  stop(): Promise<void>;
}

const HEARTBEAT_EVERY_MS = 5_000;
const EMAIL_TASK = 'send_notification_emails';

/**
 * Starts graphile-worker on Loa's database with the explicit task list and crontab below,
 * plus the due waker (publishing on time, see due-waker.ts) and the sweep timer (at start, so a
 * worker restarted after a crash recovers its predecessor's deliveries at once, then every
 * LOA_SWEEP_INTERVAL_MS).
 */
export async function startWorker(deps: WorkerDeps): Promise<LoaWorker> {
  const id = `worker-${randomBytes(4).toString('hex')}`;
  const log = deps.log.child({ worker: id });
  const { config, db } = deps;
  const events: WorkerEvents = new EventEmitter();
  let pool: WorkerPool | undefined;
  events.on('pool:create', ({ workerPool }) => {
    pool = workerPool;
  });
  const waker = createDueWaker({ db, horizonMs: config.dueWakerHorizonMs, nudge: (n) => pool?.nudge(n), log });
  const connectors =
    deps.connectors ??
    createConnectorRegistry({
      siteStore: createSiteStore({ db, publicUrl: config.publicUrl, clock: deps.clock }),
      mediaUrl: (mediaId) => config.publicUrl + mediaPath(mediaId),
      quotaLedger: createYoutubeQuotaLedger(db),
      zaloBroadcasts: createZaloBroadcastLedger(db),
      zaloErrorOverrides: config.zaloErrorOverrides,
    });
  const taskDeps: TaskDeps = {
    db,
    log,
    clock: deps.clock,
    secrets: deps.secrets,
    storage: deps.storage,
    connectors,
    policy: { leaseMs: config.deliveryLeaseMs, maxAttempts: config.deliveryMaxAttempts, retryBaseMs: config.retryBaseMs, retryCapMs: config.retryCapMs },
    heartbeatMs: config.deliveryHeartbeatMs,
    workerId: id,
    wake: (at) => waker.expect(at),
  };
  const publish = createPublishDeliveryTask(taskDeps, { events, publishTask: PUBLISH_TASK });
  const taskList: TaskList = {
    worker_heartbeat: createWorkerHeartbeatTask(db, id, new Date()),
    [PUBLISH_TASK]: publish.task,
    [RECONCILE_TASK]: createReconcileTask(taskDeps),
    [POLL_TASK]: createPollProcessingTask(taskDeps),
    [SCAN_TASK]: createScanDuplicatesTask(taskDeps),
    [TAKEDOWN_TASK]: createTakedownTask(taskDeps),
    [CORRECT_TASK]: createCorrectDeliveryTask(taskDeps),
    [SWEEP_TASK]: createSweepTask(taskDeps),
    [MANUAL_DEADLINES_TASK]: createManualDeadlinesTask(taskDeps),
    [COLLECT_METRICS_TASK]: createCollectMetricsTask(taskDeps, { cadenceMs: config.metricsCadenceMs }),
    [METRICS_SWEEP_TASK]: createMetricsSweepTask(taskDeps),
    [REFRESH_CREDENTIALS_TASK]: createRefreshCredentialsTask(taskDeps, { marginMs: config.credentialsRefreshMarginMinutes * 60_000 }),
    [EXPIRE_UPLOADS_TASK]: createExpireUploadsTask(taskDeps, { expiryHours: config.uploadExpiryHours }),
    [WARN_VIDEO_TOKENS_TASK]: createWarnVideoTokensTask(taskDeps),
    [REPORT_DRAFTS_TASK]: createPrepareReportDraftsTask(taskDeps),
    [DRAIN_REPORT_QUEUES_TASK]: () => drainReportQueues(db),
  };
  const crontab = [`17 * * * * ${METRICS_SWEEP_TASK} ?max=1&jobKey=${METRICS_SWEEP_TASK}`];
  // Commune Zalo group pushes: deadlines → missed, reminders, clicks → metric samples.
  crontab.push(`* * * * * ${MANUAL_DEADLINES_TASK} ?max=1&jobKey=${MANUAL_DEADLINES_TASK}`);
  // OAuth tokens refreshed ahead of expiry (Zalo OA ~25 h, YouTube ~1 h).
  crontab.push(`*/5 * * * * ${REFRESH_CREDENTIALS_TASK} ?max=1&jobKey=${REFRESH_CREDENTIALS_TASK}`);
  // Resumable uploads abandoned on bad networks (LOA_UPLOAD_EXPIRY_HOURS without a byte).
  crontab.push(`41 * * * * ${EXPIRE_UPLOADS_TASK} ?max=1&jobKey=${EXPIRE_UPLOADS_TASK}`);
  // A Fanpage's video permission (its ~60-day user token) about to run out: its admins told once.
  crontab.push(`23 * * * * ${WARN_VIDEO_TOKENS_TASK} ?max=1&jobKey=${WARN_VIDEO_TOKENS_TASK}`);
  // Periodic reports: drafts of the month/quarter/half/year just ended, on its next first day.
  crontab.push(`7 * * * * ${REPORT_DRAFTS_TASK} ?max=1&jobKey=${REPORT_DRAFTS_TASK}`);
  // Publications and pushes queued by the fan-out and the record statement, into the report rollups (report reads drain too).
  crontab.push(`* * * * * ${DRAIN_REPORT_QUEUES_TASK} ?max=1&jobKey=${DRAIN_REPORT_QUEUES_TASK}`);
  const mailer = config.smtpUrl ? createSmtpMailer(config.smtpUrl, config.mailFrom) : null;
  if (mailer) {
    taskList[EMAIL_TASK] = createSendNotificationEmailsTask({ db, mailer, clock: deps.clock, publicUrl: config.publicUrl });
    crontab.push(`* * * * * ${EMAIL_TASK} ?max=1&jobKey=${EMAIL_TASK}`);
  }
  // Citizens' questions whose answer is on the site: tell the asker (with SMTP), erase their contact.
  taskList[CLOSE_ANSWERED_TASK] = createCloseAnsweredQuestionsTask({ db, mailer, clock: deps.clock, publicUrl: config.publicUrl, log });
  crontab.push(`* * * * * ${CLOSE_ANSWERED_TASK} ?max=1&jobKey=${CLOSE_ANSWERED_TASK}`);

  const runner: Runner = await run({
    connectionString: deps.databaseUrl,
    concurrency: config.workerConcurrency,
    // Loa sequences its own shutdown (server, worker, then embedded PG).
    noHandleSignals: true,
    pollInterval: 1000,
    preset: graphileBatching({ concurrency: config.workerConcurrency, leaseMs: config.deliveryLeaseMs }),
    taskList,
    crontab: crontab.join('\n'),
    events,
    logger: new WorkerLogger((scope) => (level, message, meta) => {
      const fn = level === 'error' ? log.error : level === 'warning' ? log.warn : log.debug;
      fn.call(log, { scope: scope.label, ...meta }, message);
    }),
  });
  const utils = await makeWorkerUtils({ connectionString: deps.databaseUrl });
  // At start (a worker restarted after a crash recovers its predecessor's deliveries at once), then every interval.
  const sweeper = startSweepTimer(taskDeps, config.sweepIntervalMs);
  waker.start();
  const beat = () =>
    utils
      .addJob('worker_heartbeat', {}, { jobKey: `worker_heartbeat:${id}`, maxAttempts: 1 })
      .catch((err) => log.warn({ err }, 'could not enqueue heartbeat'));
  await beat();
  const timer = setInterval(beat, HEARTBEAT_EVERY_MS);
  log.info({ concurrency: config.workerConcurrency }, 'worker started');
  return {
    id,
    async stop() {
      clearInterval(timer);
      await sweeper.stop();
      waker.stop();
      await runner.stop();
      // Jobs that ended with their outcome still being recorded: it lands before the database goes.
      await publish.settled();
      await utils.release();
      await db.delete(workerHeartbeats).where(eq(workerHeartbeats.workerId, id));
    },
  };
}

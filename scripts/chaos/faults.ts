import type { DemoSimulators } from '../demo/simulators.ts';

/** The kinds of fault the run injects, each counted when queued. */
export type FaultKind = 'transient' | 'rate_limit' | 'expired_token' | 'accepted_then_lost' | 'lost_before' | 'slow_accept' | 'upload_cut';

interface Menu {
  kind: FaultKind;
  inject(): void;
}

/**
 * Every fault the simulators can play, through their own fault queues (simulator-kit.ts
 * `takeFault`): each is consumed by the next matching request. "Slow before accept" outlasts
 * the client's timeout (WordPress 30 s, webhook 20 s), so its first request takes effect after
 * Loa gave up.
 */
function menus(s: DemoSimulators): Record<string, Menu[]> {
  const wpPosts = { method: 'POST', route: '/wp/v2/posts' };
  const fbWrites = { method: 'POST', route: /\/(feed|photos|videos)$/ };
  const ytUpload = { route: /videos/ };
  return {
    portal: [
      { kind: 'transient', inject: () => s.portal.failNext({ status: 503 }) },
      { kind: 'rate_limit', inject: () => s.portal.failNext({ status: 429, retryAfter: '1' }) },
      { kind: 'accepted_then_lost', inject: () => s.portal.failNext({ kind: 'accept_then_reset' }) },
      { kind: 'lost_before', inject: () => s.portal.failNext({ kind: 'reset_before_read' }) },
      {
        kind: 'slow_accept',
        inject: () => {
          s.portal.failNext({ kind: 'store_after_sender_gone' });
          // Stored once the sender (20 s timeout) has gone away.
          setTimeout(() => s.portal.release(), 25_000).unref();
        },
      },
    ],
    newspaper: [
      { kind: 'transient', inject: () => s.newspaper.failNext({ ...wpPosts, status: 500, code: 'internal_server_error' }) },
      { kind: 'rate_limit', inject: () => s.newspaper.failNext({ ...wpPosts, status: 429, code: 'too_many_requests', headers: { 'Retry-After': '1' } }) },
      { kind: 'accepted_then_lost', inject: () => s.newspaper.failNext({ ...wpPosts, action: 'reset-after' }) },
      { kind: 'lost_before', inject: () => s.newspaper.failNext({ ...wpPosts, action: 'reset-before' }) },
      { kind: 'slow_accept', inject: () => s.newspaper.failNext({ ...wpPosts, action: 'slow-accept', ms: 33_000 }) },
      { kind: 'upload_cut', inject: () => s.newspaper.failNext({ method: 'POST', route: '/wp/v2/media', action: 'reset-before' }) },
    ],
    fanpage: [
      { kind: 'transient', inject: () => s.graph.failNext({ ...fbWrites, error: { code: 2, status: 500, isTransient: true, message: 'An unexpected error has occurred.' } }) },
      { kind: 'accepted_then_lost', inject: () => s.graph.failNext({ ...fbWrites, action: 'reset-after' }) },
      { kind: 'accepted_then_lost', inject: () => s.graph.failNext({ ...fbWrites, action: 'accept-then-500' }) },
      { kind: 'lost_before', inject: () => s.graph.failNext({ ...fbWrites, action: 'reset-before' }) },
    ],
    youtube: [
      { kind: 'transient', inject: () => s.youtube.failNext({ ...ytUpload, status: 503, reason: 'backendError' }) },
      { kind: 'accepted_then_lost', inject: () => s.youtube.failNext({ ...ytUpload, method: 'PUT', action: 'reset-after' }) },
      { kind: 'lost_before', inject: () => s.youtube.failNext({ ...ytUpload, action: 'reset-before' }) },
      { kind: 'upload_cut', inject: () => s.youtube.resetUploadAt(256 * 1024) },
    ],
    zaloOa: [
      { kind: 'transient', inject: () => s.zalo.failNext({ path: '/v2.0/article/create', action: 'http-500' }) },
      { kind: 'rate_limit', inject: () => s.zalo.failNext({ path: '/v2.0/article/create', error: -32, message: 'Rate limit exceeded' }) },
      { kind: 'expired_token', inject: () => s.zalo.failNext({ path: '/v2.0/article/create', error: -124, message: 'Access token has expired' }) },
      { kind: 'accepted_then_lost', inject: () => s.zalo.failNext({ path: '/v2.0/article/create', action: 'reset-after' }) },
      { kind: 'lost_before', inject: () => s.zalo.failNext({ path: '/v2.0/article/create', action: 'reset-before' }) },
    ],
  };
}

export interface FaultPump {
  injected: Record<FaultKind, number>;
  stop(): void;
}

/**
 * Requests each simulator has received so far of the kinds its faults aim at (the creating
 * calls), so a fault queued is one of about `perRequests` such requests, not a backlog that
 * every create would meet.
 */
function traffic(s: DemoSimulators): Record<string, () => number> {
  const count = <T>(list: T[], hit: (r: T) => boolean) => list.filter(hit).length;
  return {
    portal: () => s.portal.requests.length,
    newspaper: () => count(s.newspaper.state.requests, (r) => r.method === 'POST' && (r.route === '/wp/v2/posts' || r.route === '/wp/v2/media')),
    fanpage: () => count(s.graph.state.requests, (r) => r.method === 'POST' && /\/(feed|photos|videos)$/.test(r.route)),
    youtube: () => count(s.youtube.state.requests, (r) => /videos/.test(r.route) && r.method !== 'GET'),
    zaloOa: () => count(s.zalo.state.requests, (r) => r.path === '/v2.0/article/create'),
  };
}

/**
 * Keeps the fault rate proportional to the traffic: after every `perRequests` requests a
 * simulator received, one random fault of its menu is queued (consumed by the next matching
 * request). `random` makes a run repeatable.
 */
export function startFaultPump(s: DemoSimulators, o: { perRequests: number; random: () => number }): FaultPump {
  const byPlatform = menus(s);
  const counts = traffic(s);
  const last = Object.fromEntries(Object.entries(counts).map(([k, n]) => [k, n()]));
  const injected = { transient: 0, rate_limit: 0, expired_token: 0, accepted_then_lost: 0, lost_before: 0, slow_accept: 0, upload_cut: 0 } as Record<FaultKind, number>;
  const timer = setInterval(() => {
    for (const [key, menu] of Object.entries(byPlatform)) {
      const seen = counts[key]!();
      if (seen - last[key]! < o.perRequests) continue;
      last[key] = seen;
      const fault = menu[Math.floor(o.random() * menu.length)]!;
      fault.inject();
      injected[fault.kind]++;
    }
  }, 100);
  return { injected, stop: () => clearInterval(timer) };
}

/** A small seeded generator (mulberry32), so a run's faults and kills can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

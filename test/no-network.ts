import dns from 'node:dns';

/**
 * Tests may only reach this machine: every connector talks to its local simulator.
 * A lookup of any other host fails loudly instead of hanging on the closed network.
 */
const allowed = new Set(['localhost', '127.0.0.1', '::1']);
const originalLookup = dns.lookup;
(dns as { lookup: unknown }).lookup = function guardedLookup(hostname: string, ...rest: unknown[]) {
  if (!allowed.has(hostname)) throw new Error(`Test tried to reach ${hostname}; only loopback is allowed`);
  return (originalLookup as (...a: unknown[]) => unknown).call(dns, hostname, ...rest);
};

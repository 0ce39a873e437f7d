import { describe, expect, it } from 'vitest';
import { sealCredentials } from '../core/channels/credentials.ts';
import { createSecretBox, generateSecretKey } from '../lib/secrets.ts';
import { openChannelCredentials } from './publish-context.ts';

describe('openChannelCredentials (opened once per seal)', () => {
  const oldKey = generateSecretKey();
  const newKey = generateSecretKey();

  it('gives every call its own copy of the same seal', () => {
    const box = createSecretBox(oldKey);
    const sealed = sealCredentials(box, { secret: 'whsec_one' });
    const first = openChannelCredentials(box, 'ch-1', sealed)!;
    first.secret = 'changed by a connector';
    expect(openChannelCredentials(box, 'ch-1', sealed)).toEqual({ secret: 'whsec_one' });
    expect(openChannelCredentials(box, 'ch-1', null)).toBeNull();
  });

  it('uses replaced credentials, and credentials sealed again under a rotated key, at once', () => {
    const before = createSecretBox(oldKey);
    const sealed = sealCredentials(before, { secret: 'whsec_old' });
    expect(openChannelCredentials(before, 'ch-2', sealed)).toEqual({ secret: 'whsec_old' });
    expect(openChannelCredentials(before, 'ch-2', sealCredentials(before, { secret: 'whsec_new' }))).toEqual({ secret: 'whsec_new' });

    // After a rotation the worker's box has the new key and the old one; a row re-sealed under the new key opens too.
    const rotated = createSecretBox(newKey, [oldKey]);
    expect(openChannelCredentials(rotated, 'ch-2', sealed)).toEqual({ secret: 'whsec_old' });
    expect(openChannelCredentials(rotated, 'ch-2', sealCredentials(rotated, { secret: 'whsec_old' }))).toEqual({ secret: 'whsec_old' });
  });

  it('never opens a seal for a box without its key because another box opened it before', () => {
    const sealed = sealCredentials(createSecretBox(oldKey), { secret: 'whsec_two' });
    expect(openChannelCredentials(createSecretBox(oldKey), 'ch-3', sealed)).toEqual({ secret: 'whsec_two' });
    const withoutOldKey = createSecretBox(newKey);
    expect(() => openChannelCredentials(withoutOldKey, 'ch-3', sealed)).toThrow(/not configured/);
    // A failed open is not remembered: it fails again.
    expect(() => openChannelCredentials(withoutOldKey, 'ch-3', sealed)).toThrow(/not configured/);
  });
});

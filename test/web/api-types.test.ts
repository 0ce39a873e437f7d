import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apiTypesFile, generateApiTypes } from '../../scripts/web/api-types.ts';

/** A route change that the web app's types do not know about fails here, not in a browser. */
describe('web/api-types.ts', () => {
  it('matches the OpenAPI document buildApp produces now', async () => {
    const fresh = await generateApiTypes();
    const committed = fs.readFileSync(apiTypesFile, 'utf8');
    expect(committed === fresh, 'web/api-types.ts is stale: run `npm run api-types` and commit the result').toBe(true);
  });
});

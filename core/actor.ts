/** Who is acting: a signed-in user, an API token's user, the system, or the CLI. */
export interface Actor {
  kind: 'user' | 'token' | 'system' | 'cli';
  userId: string | null;
  ip?: string | undefined;
}

export const systemActor: Actor = { kind: 'system', userId: null };
export const cliActor: Actor = { kind: 'cli', userId: null };

import type { Db } from '../../db/client.ts';
import { AppError, invalid } from '../../lib/errors.ts';
import type { Clock } from '../../lib/clock.ts';
import type { SecretBox } from '../../lib/secrets.ts';
import type { Actor } from '../actor.ts';
import { channelFor } from './access.ts';
import { openChoice, saveChoice, takeChoice, type ChoiceOption } from './connect-choices.ts';
import { replaceCredentials } from './credentials.ts';
import type { ChannelRow } from './view.ts';

type Deps = { db: Db; secrets: SecretBox; clock: Clock };

/** What is stored when one Page or YouTube channel of a grant is connected. */
export interface ChosenAccount {
  name: string;
  credentials: Record<string, string>;
  /** When the stored credentials run out; null: no announced end. */
  expiresAt: Date | null;
}

/**
 * A platform's grant as the connect flow sees it. The server builds it from the connector's
 * answer (core never reads a platform's tokens itself); the grant behind it is sealed with the
 * choice and handed back when the person picks.
 */
export interface GrantView {
  /** The channel setting that names the Page or YouTube channel (pageId, channelId). */
  settingsKey: string;
  /** What the person may pick: names only leave the server. */
  options: ChoiceOption[];
  /** The account behind an id; a 409 naming `field` when the grant does not hold it, or it may not be used. */
  account(id: string, field: string): ChosenAccount;
  /** Why the grant offers nothing to connect. */
  none(): AppError;
  /** A single option is connected without asking (Google's one channel); a Facebook Page is always picked. */
  takeSingle: boolean;
}

/** Stores the account's credentials (sealed, audited), names it in the settings, reconnects the channel and releases its held deliveries. */
async function connect(deps: Deps, actor: Actor, channel: ChannelRow, view: GrantView, id: string, field: string) {
  const account = view.account(id, field);
  const saved = await replaceCredentials(deps.db, deps.secrets, actor, channel.id, {
    credentials: account.credentials,
    expiresAt: account.expiresAt,
    settings: { [view.settingsKey]: id },
  });
  return { channel: saved.channel, connectedTo: account.name };
}

/** Whose flow it is: the person and (hashed) session that started it. */
export interface FlowOwner {
  userId: string;
  sessionHash: string;
}

/**
 * Once the platform granted access: the channel is connected at once when it already names
 * its Page or channel (which the grant must hold), or when the view takes a single option;
 * otherwise the grant waits, sealed, for the person's choice.
 */
export async function afterGrant<G>(
  deps: Deps,
  actor: Actor,
  o: FlowOwner & { channel: ChannelRow; grant: G; view: GrantView },
): Promise<{ kind: 'connected' } | { kind: 'choose'; choiceId: string }> {
  const { channel, view } = o;
  const preset = channel.settings[view.settingsKey];
  if (typeof preset === 'string' && preset !== '') {
    await connect(deps, actor, channel, view, preset, `/settings/${view.settingsKey}`);
    return { kind: 'connected' };
  }
  if (view.options.length === 0) throw view.none();
  if (view.takeSingle && view.options.length === 1) {
    await connect(deps, actor, channel, view, view.options[0]!.id, `/settings/${view.settingsKey}`);
    return { kind: 'connected' };
  }
  const choiceId = await saveChoice(deps.db, deps.secrets, {
    channelId: channel.id,
    userId: o.userId,
    sessionHash: o.sessionHash,
    choice: { options: view.options, grant: o.grant },
    now: deps.clock.now(),
  });
  return { kind: 'choose', choiceId };
}

/** The choice waiting for this person and session, on a channel they may still manage. */
export async function pendingChoice<G>(deps: Deps, actor: Actor, choiceId: string, owner: FlowOwner) {
  const { channelId, choice } = await openChoice<G>(deps.db, deps.secrets, choiceId, { ...owner, now: deps.clock.now() });
  const channel = await channelFor(deps.db, actor, channelId, 'channel.manage');
  return { channel, choice };
}

/** The person picks one of the options, once: the choice is spent and the channel connected. */
export async function chooseOption<G>(deps: Deps, actor: Actor, o: FlowOwner & { choiceId: string; optionId: string; view: (grant: G) => GrantView }) {
  const { channel, choice } = await pendingChoice<G>(deps, actor, o.choiceId, o);
  if (!choice.options.some((option) => option.id === o.optionId)) {
    throw invalid('OAUTH_OPTION_UNKNOWN', '/optionId', {
      vi: 'Lựa chọn này không nằm trong danh sách Trang / kênh mà tài khoản vừa cấp quyền quản lý',
      en: 'This is not one of the Pages / channels the account that granted access manages',
    });
  }
  if (!(await takeChoice(deps.db, o.choiceId))) {
    throw new AppError('OAUTH_CHOICE_EXPIRED', 410, { vi: 'Lựa chọn kết nối này đã được dùng', en: 'This connect choice was already used' });
  }
  return connect(deps, actor, channel, o.view(choice.grant), o.optionId, '/optionId');
}

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { channelFor } from '../../../core/channels/access.ts';
import { openChoice, takeChoice } from '../../../core/channels/connect-choices.ts';
import { AppError, invalid } from '../../../lib/errors.ts';
import type { AppDeps } from '../../deps.ts';
import { requireUser } from '../../plugins/auth.ts';
import { sessionRequired } from './connect-flow.ts';
import { connectChosen, type Grant } from './finish.ts';
import { sessionHash } from './state.ts';

const tags = ['oauth'];
const Params = Type.Object({ id: Type.String({ format: 'uuid' }) });
const Option = Type.Object({ id: Type.String(), name: Type.String() });

/**
 * The "choose the Page / channel" step of a connect flow: the person who started it (same
 * session) sees the options — names only, the tokens stay sealed on the server — and picks one,
 * once. After CHOICE_TTL_MS it is gone and the flow starts again.
 */
export const connectChoiceRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  function mine(request: Parameters<typeof requireUser>[0], id: string) {
    const user = requireUser(request);
    if (!request.sessionToken) throw sessionRequired('kênh');
    return openChoice<Grant>(deps.db, deps.secrets, id, { userId: user.id, sessionHash: sessionHash(request.sessionToken), now: deps.clock.now() });
  }

  app.get(
    '/:id',
    {
      schema: {
        tags,
        summary: "Các Trang Facebook / kênh YouTube mà người vừa cấp quyền có thể chọn cho kênh · The Facebook Pages / YouTube channels the person who just granted access may choose for the channel",
        params: Params,
        response: {
          200: Type.Object({
            channelId: Type.String(),
            channelName: Type.String(),
            platform: Type.Union([Type.Literal('facebook_page'), Type.Literal('youtube_channel')]),
            options: Type.Array(Option),
          }),
        },
      },
    },
    async (request) => {
      const { channelId, choice } = await mine(request, request.params.id);
      const channel = await channelFor(deps.db, request.actor, channelId, 'channel.manage');
      return { channelId, channelName: channel.name, platform: choice.grant.platform, options: choice.options };
    },
  );

  app.post(
    '/:id',
    {
      schema: {
        tags,
        summary: "Chọn Trang Facebook / kênh YouTube cho kênh: lưu thông tin xác thực (mã hoá) và kết nối kênh · Choose the channel's Facebook Page / YouTube channel: stores the credentials (sealed) and connects the channel",
        params: Params,
        body: Type.Object({ optionId: Type.String({ minLength: 1, maxLength: 128 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ channelId: Type.String(), status: Type.String(), connectedTo: Type.String() }) },
      },
    },
    async (request) => {
      const { channelId, choice } = await mine(request, request.params.id);
      const channel = await channelFor(deps.db, request.actor, channelId, 'channel.manage');
      if (!choice.options.some((o) => o.id === request.body.optionId)) {
        throw invalid('OAUTH_OPTION_UNKNOWN', '/optionId', {
          vi: 'Lựa chọn này không nằm trong danh sách Trang / kênh mà tài khoản vừa cấp quyền quản lý',
          en: 'This is not one of the Pages / channels the account that granted access manages',
        });
      }
      if (!(await takeChoice(deps.db, request.params.id))) {
        throw new AppError('OAUTH_CHOICE_EXPIRED', 410, { vi: 'Lựa chọn kết nối này đã được dùng', en: 'This connect choice was already used' });
      }
      const field = '/optionId';
      const done = await connectChosen(deps, request.actor, channel, choice.grant, request.body.optionId, field);
      return { channelId, status: done.channel.status, connectedTo: done.connectedTo };
    },
  );
};

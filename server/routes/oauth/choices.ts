import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { chooseOption, pendingChoice } from '../../../core/channels/connect-grant.ts';
import type { AppDeps } from '../../deps.ts';
import { requireUser } from '../../plugins/auth.ts';
import { sessionRequired } from './connect-flow.ts';
import { grantView, type ChoosableGrant } from './grants.ts';
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
  function owner(request: Parameters<typeof requireUser>[0]) {
    const user = requireUser(request);
    if (!request.sessionToken) throw sessionRequired('kênh');
    return { userId: user.id, sessionHash: sessionHash(request.sessionToken) };
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
      const { channel, choice } = await pendingChoice<ChoosableGrant>(deps, request.actor, request.params.id, owner(request));
      return { channelId: channel.id, channelName: channel.name, platform: choice.grant.platform, options: choice.options };
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
      const done = await chooseOption<ChoosableGrant>(deps, request.actor, { ...owner(request), choiceId: request.params.id, optionId: request.body.optionId, view: grantView });
      return { channelId: done.channel.id, status: done.channel.status, connectedTo: done.connectedTo };
    },
  );
};

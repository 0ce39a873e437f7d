import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { AppDeps } from './deps.ts';
import { errorHandler, notFoundHandler } from './errors.ts';
import { authPlugin } from './plugins/auth.ts';
import { docsGate, privateSurfacesPlugin } from './plugins/private-surfaces.ts';
import { ajvDateFormats, inputGuardPlugin } from './plugins/input-guard.ts';
import { authRoutes } from './routes/auth/index.ts';
import { accountRoutes } from './routes/auth/account.ts';
import { passwordResetRoutes } from './routes/users/password-reset.ts';
import { consentRoutes } from './routes/consents/index.ts';
import { facebookConnectRoutes } from './routes/oauth/facebook.ts';
import { connectChoiceRoutes } from './routes/oauth/choices.ts';
import { facebookLoginRoutes } from './routes/oauth/facebook-login.ts';
import { youtubeConnectRoutes } from './routes/oauth/youtube.ts';
import { zaloConnectRoutes } from './routes/oauth/zalo.ts';
import { contentRoutes } from './routes/content/index.ts';
import { channelRoutes } from './routes/channels/index.ts';
import { channelSetRoutes } from './routes/channel-sets/index.ts';
import { mediaRoutes } from './routes/media/index.ts';
import { uploadRoutes } from './routes/uploads/index.ts';
import { auditRoutes } from './routes/audit/index.ts';
import { setupApiRoutes, setupPageRoutes } from './routes/setup/index.ts';
import { tokenRoutes } from './routes/tokens/index.ts';
import { unitRoutes } from './routes/units/index.ts';
import { userRoutes } from './routes/users/index.ts';
import { deliveryRoutes } from './routes/deliveries/index.ts';
import { metricsRoutes } from './routes/metrics/index.ts';
import { freezeRoutes } from './routes/system/freeze.ts';
import { notificationRoutes } from './routes/notifications/index.ts';
import { systemRoutes } from './routes/system/index.ts';
import { siteRoutes } from './site/index.ts';
import { questionPageRoutes } from './site/questions.ts';
import { videoRoutes } from './site/videos.ts';
import { phoneRoutes } from './phone/index.ts';
import { linkRoutes } from './routes/links/index.ts';
import { linkRedirectRoutes } from './routes/links/redirect.ts';
import { complianceRoutes } from './routes/compliance/index.ts';
import { reportRoutes } from './routes/reports/index.ts';
import { reportExportRoutes } from './routes/reports/exports.ts';
import { activityRoutes } from './routes/activities/index.ts';
import { eventRoutes } from './routes/events/index.ts';
import { webAppRoutes } from './web-app/index.ts';
import { calendarRoutes } from './routes/calendar/index.ts';
import { questionRoutes } from './routes/questions/index.ts';
import { shareKitRoutes } from './routes/share-kits/index.ts';
import { kitRoutes } from './phone/kit-routes.ts';
import { installBodyTimeout } from './body-timeout.ts';

/**
 * Builds the HTTP app without listening. Routes are registered from this explicit list
 * (no directory auto-loading), each area a plugin under `/api/v1/<area>`.
 */
export type App = FastifyInstance;

export async function buildApp(deps: AppDeps): Promise<App> {
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    bodyLimit: deps.config.maxJsonBytes,
    // X-Forwarded-For only from the proxies named in LOA_TRUST_PROXY; by default from nobody.
    trustProxy: deps.config.trustProxy.length > 0 ? deps.config.trustProxy : false,
    // Malformed and overlong URLs, refused before routing, answer like every other error.
    frameworkErrors: errorHandler,
    // Every schema violation, not only the first: a form shows each field's message at once
    // (errors.ts keeps one per field, at most MAX_VALIDATION_ERRORS; bodies are bounded above).
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: true }, onCreate: ajvDateFormats },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Slow clients: headers bounded by Node, bodies by our hook (streamed uploads exempt; see body-timeout.ts).
  app.server.headersTimeout = deps.config.headersTimeoutMs;
  installBodyTimeout(app, deps.config.requestTimeoutMs);
  // First, so its onRoute hook sees every route's schema.
  await app.register(inputGuardPlugin);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Loa API',
        description:
          'Loa — lập lịch và đăng bài đa kênh cho chiến dịch "Con đường hướng thiện". ' +
          'Errors are RFC 9457 problem+json with `code`, `field` and Vietnamese/English `messages`.',
        version: '1',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'loa_session' },
          csrf: {
            type: 'apiKey',
            in: 'header',
            name: 'x-csrf-token',
            description: 'Writes with the session cookie: the `csrfToken` from POST /api/v1/auth/login · Ghi bằng phiên đăng nhập: mã `csrfToken` trả về khi đăng nhập',
          },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [], csrf: [] }, { bearer: [] }],
    },
  });
  await app.register(cookie);
  await app.register(authPlugin, deps);
  await app.register(privateSurfacesPlugin);
  // After the auth plugin, so the gate sees who is signed in.
  await app.register(swaggerUi, { routePrefix: '/docs', uiHooks: { onRequest: docsGate(deps) } });

  await app.register(systemRoutes, deps);
  await app.register(setupPageRoutes, deps);
  // The public site "Con đường hướng thiện" at the root (/, /chu-de, /don-vi, /bai-viet, feeds, /media, /og).
  await app.register(siteRoutes, deps);
  await app.register(questionPageRoutes, deps);
  await app.register(videoRoutes, deps);
  // Commune officers' phone pages (/xa) and tracked short links (/l/<code>).
  await app.register(phoneRoutes, deps);
  // Share-kit recipients' secret-link pages (/chia-se/<token>), no account.
  await app.register(kitRoutes, deps);
  await app.register(linkRedirectRoutes, deps);
  // The officer web app (web/, built to web/dist) under /app.
  await app.register(webAppRoutes);
  await app.register(
    async (api) => {
      await api.register(authRoutes, { ...deps, prefix: '/auth' });
      await api.register(accountRoutes, { ...deps, prefix: '/auth' });
      await api.register(channelRoutes, { ...deps, prefix: '/channels' });
      await api.register(channelSetRoutes, { ...deps, prefix: '/channel-sets' });
      await api.register(mediaRoutes, { ...deps, prefix: '/media' });
      await api.register(uploadRoutes, { ...deps, prefix: '/uploads' });
      await api.register(tokenRoutes, { ...deps, prefix: '/auth/tokens' });
      await api.register(unitRoutes, { ...deps, prefix: '/units' });
      await api.register(userRoutes, { ...deps, prefix: '/users' });
      await api.register(passwordResetRoutes, { ...deps, prefix: '/users' });
      await api.register(auditRoutes, deps);
      await api.register(setupApiRoutes, { ...deps, prefix: '/setup' });
      await api.register(notificationRoutes, { ...deps, prefix: '/notifications' });
      await api.register(deliveryRoutes, { ...deps, prefix: '/deliveries' });
      // Reach figures; `/metrics` at the root is Prometheus.
      await api.register(metricsRoutes, { ...deps, prefix: '/stats' });
      await api.register(freezeRoutes, { ...deps, prefix: '/system/freeze' });
      await api.register(contentRoutes, { ...deps, prefix: '/content' });
      await api.register(consentRoutes, { ...deps, prefix: '/consents' });
      await api.register(facebookConnectRoutes, { ...deps, prefix: '/oauth/facebook' });
      await api.register(facebookLoginRoutes, { ...deps, prefix: '/oauth/facebook' });
      await api.register(youtubeConnectRoutes, { ...deps, prefix: '/oauth/youtube' });
      await api.register(zaloConnectRoutes, { ...deps, prefix: '/oauth/zalo' });
      await api.register(connectChoiceRoutes, { ...deps, prefix: '/oauth/choices' });
      await api.register(linkRoutes, { ...deps, prefix: '/links' });
      await api.register(complianceRoutes, { ...deps, prefix: '/compliance' });
      await api.register(reportRoutes, { ...deps, prefix: '/reports' });
      await api.register(reportExportRoutes, { ...deps, prefix: '/reports' });
      await api.register(activityRoutes, { ...deps, prefix: '/activities' });
      await api.register(eventRoutes, { ...deps, prefix: '/events' });
      await api.register(calendarRoutes, { ...deps, prefix: '/calendar' });
      await api.register(questionRoutes, { ...deps, prefix: '/questions' });
      await api.register(shareKitRoutes, { ...deps, prefix: '/share-kits' });
    },
    { prefix: '/api/v1' },
  );
  return app as unknown as App;
}

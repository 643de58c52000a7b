/**
 * The composition root of the HTTP server: `buildApp` wires the database, clock and logger
 * into every feature router and the middleware that all requests pass through.
 */
import { Hono } from 'hono';
import { parse as getCookie } from 'hono/utils/cookie';
import { secureHeaders } from 'hono/secure-headers';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { hitRateLimit } from '@vigil/db';
import { ANONYMOUS, resolveAuth, sessionCookieName } from './auth';
import type { AppEnv, Services } from './context';
import { auditLogRoutes } from './features/audit-log-routes';
import { authRoutes } from './features/auth-routes';
import { detectRoutes } from './features/detect-routes';
import { electionRoutes } from './features/election-routes';
import { featureRouter } from './features/feature';
import { jurisdictionRoutes } from './features/jurisdiction-routes';
import { organisationRoutes } from './features/organisation-routes';
import { respondReportRoutes } from './features/respond-report-routes';
import { respondCaseRoutes } from './features/respond-case-routes';
import { respondEscalationRoutes } from './features/respond-escalation-routes';
import { respondSettingsRoutes } from './features/respond-settings-routes';
import { shareRoutesFeature } from './features/share-routes';
import { systemRoutes } from './features/system-routes';
import { tokenRoutes } from './features/token-routes';
import { userRoutes } from './features/user-routes';
import { HttpProblem, problemResponse } from './http-problem';
import type { RouteRegistry } from './routing';
import { taxiiErrorResponse } from './taxii/taxii-media';
import type { TaxiiRoute } from './taxii/taxii-routes';
import { TAXII_BASE } from './taxii/taxii-routes';
import { taxiiRoutes } from './taxii/taxii-server';

/** Requests per minute an anonymous client address may make to the API. */
export const ANONYMOUS_REQUESTS_PER_MINUTE = 300;

/** The built application: its Hono app and the contracts it implements. */
export interface VigilApp {
  readonly app: Hono<AppEnv>;
  readonly routes: RouteRegistry;
  /** The TAXII 2.1 routes, each with its permission (the permission-matrix test covers them too). */
  readonly taxiiRoutes: readonly TaxiiRoute[];
}

function isTaxiiPath(path: string): boolean {
  return path === TAXII_BASE || path.startsWith(`${TAXII_BASE}/`);
}

const STATIC_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Builds the app over injected services; `webRoot` is the built web UI (apps/web/dist), if any. */
export function buildApp(services: Services, options: { readonly webRoot?: string | null } = {}): VigilApp {
  const app = new Hono<AppEnv>();
  const registry: RouteRegistry = [];

  app.use('*', async (c, next) => {
    const requestId = randomUUID();
    c.set('requestId', requestId);
    c.set('auth', ANONYMOUS);
    const forwarded = services.config.trustProxy ? c.req.header('x-forwarded-for')?.split(',')[0]?.trim() : undefined;
    const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
    c.set('clientAddress', forwarded ?? incoming?.socket?.remoteAddress ?? 'local');
    const started = performance.now();
    await next();
    c.header('x-request-id', requestId);
    services.logger.info('request', {
      requestId,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      actor: c.get('auth').label,
    });
  });

  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
      referrerPolicy: 'no-referrer',
      crossOriginEmbedderPolicy: false,
    }),
  );

  app.use('/api/*', async (c, next) => {
    c.header('cache-control', 'no-store');
    const auth = await resolveAuth(services, {
      authorization: c.req.header('authorization'),
      sessionSecret: c.req.header('cookie') ? getCookie(c.req.raw.headers.get('cookie') ?? '')[sessionCookieName(services.config.secureCookies)] : undefined,
      address: c.get('clientAddress'),
    });
    c.set('auth', auth);
    if (auth.actor.kind === 'anonymous' && c.req.path !== '/api/health') {
      const limit = await hitRateLimit(services.db, { key: `anon:${c.get('clientAddress')}`, now: services.clock.now(), windowMs: 60_000, limit: ANONYMOUS_REQUESTS_PER_MINUTE });
      if (!limit.allowed) {
        throw new HttpProblem(429, 'Too many requests', `wait ${limit.retryAfterSeconds} s`, undefined, { 'retry-after': String(limit.retryAfterSeconds) });
      }
    }
    await next();
  });

  // TAXII clients authenticate on every request (Basic or Bearer); session cookies are not
  // read here, so a browser cannot be tricked into writing to a collection (no CSRF).
  app.use(`${TAXII_BASE}/*`, async (c, next) => {
    c.header('cache-control', 'no-store');
    const auth = await resolveAuth(services, { authorization: c.req.header('authorization'), sessionSecret: undefined, address: c.get('clientAddress') });
    c.set('auth', auth);
    if (auth.actor.kind === 'anonymous') {
      const limit = await hitRateLimit(services.db, { key: `anon:${c.get('clientAddress')}`, now: services.clock.now(), windowMs: 60_000, limit: ANONYMOUS_REQUESTS_PER_MINUTE });
      if (!limit.allowed) {
        throw new HttpProblem(429, 'Too many requests', `wait ${limit.retryAfterSeconds} s`, undefined, { 'retry-after': String(limit.retryAfterSeconds) });
      }
    }
    await next();
  });
  const taxii = taxiiRoutes(app, services);

  const router = featureRouter(app, registry, services);
  systemRoutes(router, () => registry);
  authRoutes(router);
  tokenRoutes(router);
  organisationRoutes(router);
  userRoutes(router);
  jurisdictionRoutes(router);
  electionRoutes(router);
  auditLogRoutes(router);
  respondReportRoutes(router);
  respondCaseRoutes(router);
  respondEscalationRoutes(router);
  respondSettingsRoutes(router);
  detectRoutes(router);
  shareRoutesFeature(router);

  const webRoot = options.webRoot && existsSync(join(options.webRoot, 'index.html')) ? resolve(options.webRoot) : null;
  const indexHtml = webRoot ? readFileSync(join(webRoot, 'index.html')) : null;

  app.notFound(async (c) => {
    if (isTaxiiPath(c.req.path)) {
      return taxiiErrorResponse(new HttpProblem(404, 'Not found', `no TAXII resource ${c.req.method} ${c.req.path}`), c.get('requestId'));
    }
    if (c.req.path === '/api' || c.req.path.startsWith('/api/')) {
      return problemResponse(new HttpProblem(404, 'Not found', `no route ${c.req.method} ${c.req.path}`), c.get('requestId'));
    }
    if (!webRoot || !indexHtml || (c.req.method !== 'GET' && c.req.method !== 'HEAD')) {
      return c.text('Not found', 404);
    }
    // Files of the built UI; any other path is a client-side route and gets index.html.
    const file = normalize(join(webRoot, decodeURIComponent(c.req.path)));
    if (file.startsWith(webRoot + sep)) {
      const info = await stat(file).catch(() => null);
      if (info?.isFile()) {
        const immutable = c.req.path.startsWith('/assets/');
        return new Response(await readFile(file), {
          headers: {
            'content-type': STATIC_TYPES[extname(file)] ?? 'application/octet-stream',
            'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
            'x-content-type-options': 'nosniff',
          },
        });
      }
    }
    return c.body(indexHtml, 200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
  });

  app.onError((error, c) => {
    const requestId = c.get('requestId');
    const response = isTaxiiPath(c.req.path) ? taxiiErrorResponse(error, requestId) : problemResponse(error, requestId);
    if (response.status >= 500) {
      services.logger.error('unhandled error', { requestId, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
    response.headers.set('x-request-id', requestId);
    return response;
  });

  return { app, routes: registry, taxiiRoutes: taxii };
}

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Health } from '../core/contracts/auth';
import { errorMessage } from '../core/errors';
import type { Config } from './platform/config';
import type { Db } from './platform/db';
import { guard } from './platform/guard';
import { localeOf, registerRoutes, route, type RouteAuth } from './platform/http';
import { loggerOptions } from './platform/log';
import { renderApiDocs } from './platform/openapi-page';
import { handleError } from './platform/problems';
import { accountsRoutes, authenticate, SESSION_COOKIE } from './modules/accounts';
import { auditRoutes } from './modules/audit';
import { conferencesRoutes } from './modules/conferences';
import { consultationStatsRoutes, consultationsRoutes, publicConsultationRoutes } from './modules/consultations';
import { referralsRoutes } from './modules/referrals';
import { directoryRoutes } from './modules/directory';
import { helpersRoutes, helpRequestRoutes, networkRoutes, publicHelperRoutes } from './modules/helpers';
import { notificationsRoutes } from './modules/notifications';
import { orgRoutes } from './modules/org';
import { acceptRegisterFiles, peopleExportRoutes, peopleImportRoutes, peopleRoutes } from './modules/people';
import { activityRoutes, watchRoutes } from './modules/watch';
import { disasterRoutes, evacuationRoutes } from './modules/evacuation';

export interface AppOptions {
  db: Db;
  config: Config;
  /** Log lines; tests pass false. */
  logger?: boolean;
}

/** One registered route and who may call it. */
export interface RouteEntry {
  method: string;
  url: string;
  auth: RouteAuth;
}

const routeTables = new WeakMap<FastifyInstance, RouteEntry[]>();

/** Every route of an app made by buildApp with its declared auth (the route permission snapshot reads it). */
export function listRoutes(app: FastifyInstance): readonly RouteEntry[] {
  return routeTables.get(app) ?? [];
}

/**
 * The one wiring point (DESIGN.md §3): plugins and hooks in their order, then every
 * module's route table. Hook order matters: cookies are parsed before the guard runs,
 * and the guard runs before any body is read.
 */
export async function buildApp({ db, config, logger = true }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ? loggerOptions(config.logLevel) : false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[A-Za-z0-9._-]{8,64}$/.test(given) ? given : crypto.randomUUID();
    },
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    exposeHeadRoutes: false,
    routerOptions: { maxParamLength: 200 },
    // Every schema is zod: handing fastify the zod compilers up front spares it loading Ajv and
    // fast-json-stringify, which it would never use (a fifth of the app's start-up).
    // (fastify's types name only its Ajv-shaped compilers, hence the casts; setValidatorCompiler below types them.)
    schemaController: { compilersFactory: { buildValidator: () => validatorCompiler as never, buildSerializer: () => serializerCompiler as never } },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('actor', null);

  // Deny by default: a route that declares neither a permission nor `public: true` stops the boot.
  const routeTable: RouteEntry[] = [];
  routeTables.set(app, routeTable);
  app.addHook('onRoute', (r) => {
    if (!r.config?.auth) throw new Error(`Route ${String(r.method)} ${r.url} declares no permission (DESIGN.md §3 rule 1)`);
    routeTable.push({ method: [r.method].flat().join(','), url: r.url, auth: r.config.auth });
  });

  await app.register(fastifyCookie);
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    hsts: false, // set below, only under https
    crossOriginEmbedderPolicy: false,
  });
  await app.register(fastifyRateLimit, {
    max: config.rateLimitPerMinute,
    timeWindow: '1 minute',
    errorResponseBuilder: (request, ctx) => ({
      statusCode: 429,
      code: 'rate_limited',
      message: errorMessage('rate_limited', localeOf(request)),
      retryAfterSeconds: Math.ceil(ctx.ttl / 1000),
    }),
  });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'sasaeai API', version: config.version, description: 'ささえあい — community welfare platform. Every operation names its permission.' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
    },
    transform: jsonSchemaTransform,
  });

  app.addHook('onRequest', guard(db, SESSION_COOKIE, (cookie) => authenticate({ db, config }, cookie)));
  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    if (request.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    reply.header('x-request-id', request.id);
  });
  app.setErrorHandler(handleError);

  registerRoutes(app, platformRoutes(db, config, () => app.swagger()), db);
  registerRoutes(app, accountsRoutes(config), db, config.auditCheck);
  registerRoutes(app, orgRoutes, db, config.auditCheck);
  registerRoutes(app, peopleRoutes, db, config.auditCheck);
  acceptRegisterFiles(app); // raw register files (application/octet-stream), only for the upload route
  registerRoutes(app, peopleImportRoutes, db, config.auditCheck);
  registerRoutes(app, peopleExportRoutes, db, config.auditCheck);
  registerRoutes(app, consultationsRoutes, db, config.auditCheck);
  registerRoutes(app, publicConsultationRoutes(config), db, config.auditCheck);
  registerRoutes(app, consultationStatsRoutes, db, config.auditCheck);
  registerRoutes(app, notificationsRoutes, db, config.auditCheck);
  registerRoutes(app, conferencesRoutes, db, config.auditCheck);
  registerRoutes(app, referralsRoutes, db, config.auditCheck);
  registerRoutes(app, auditRoutes(config), db, config.auditCheck);
  registerRoutes(app, directoryRoutes(config), db, config.auditCheck);
  registerRoutes(app, watchRoutes, db, config.auditCheck);
  registerRoutes(app, activityRoutes, db, config.auditCheck);
  registerRoutes(app, helpersRoutes(config), db, config.auditCheck);
  registerRoutes(app, helpRequestRoutes(config), db, config.auditCheck);
  registerRoutes(app, networkRoutes, db, config.auditCheck);
  registerRoutes(app, publicHelperRoutes(config), db, config.auditCheck);
  registerRoutes(app, evacuationRoutes(config), db, config.auditCheck);
  registerRoutes(app, disasterRoutes, db, config.auditCheck);
  app.get('/api/docs', { config: { auth: { public: true } }, schema: { hide: true } }, async (request, reply) =>
    reply.type('text/html; charset=utf-8').send(renderApiDocs(app.swagger() as never, localeOf(request))),
  );

  await serveWeb(app, config);
  return app;
}

function platformRoutes(db: Db, config: Config, openapi: () => unknown) {
  return [
    route({
      method: 'GET',
      url: '/api/health',
      summary: 'Liveness and which database is in use',
      tags: ['platform'],
      auth: { public: true },
      response: Health,
      async handler() {
        await db.query('SELECT 1');
        return { status: 'ok' as const, database: db.engine, version: config.version };
      },
    }),
    route({
      method: 'GET',
      url: '/api/openapi.json',
      summary: 'This API as OpenAPI 3.1',
      tags: ['platform'],
      auth: { public: true },
      response: z.record(z.string(), z.unknown()),
      handler: async () => openapi() as Record<string, unknown>,
    }),
  ];
}

/** Serves the built SPA: hashed assets as files, every other non-API path as index.html. */
async function serveWeb(app: FastifyInstance, config: Config) {
  const index = path.join(config.webDist, 'index.html');
  const hasWeb = fs.existsSync(index);
  // cacheControl: false, else sendFile replaces our Cache-Control with `public, max-age=0`.
  if (hasWeb) await app.register(fastifyStatic, { root: config.webDist, serve: false, cacheControl: false });
  const sendIndex = async (_req: unknown, reply: import('fastify').FastifyReply) => {
    if (!hasWeb) return reply.code(503).type('text/plain; charset=utf-8').send('Web UI not built: run `npm run build:web` (npm start does this).');
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  };
  app.get('/assets/*', { config: { auth: { public: true } }, schema: { hide: true } }, async (request, reply) => {
    const file = (request.params as { '*': string })['*'];
    if (!hasWeb || !/^[A-Za-z0-9._-]+$/.test(file)) return reply.code(404).send({ code: 'not_found', message: errorMessage('not_found', localeOf(request)) });
    return reply.header('cache-control', 'public, max-age=31536000, immutable').sendFile(`assets/${file}`);
  });
  for (const file of ['favicon.svg', 'robots.txt', 'manifest.webmanifest']) {
    app.get(`/${file}`, { config: { auth: { public: true } }, schema: { hide: true } }, (_req, reply) => (hasWeb ? reply.sendFile(file) : reply.code(404).send()));
  }
  // The service worker (the offline app shell, issue #11 §3): never cached, so a new version is seen at the next load.
  app.get('/sw.js', { config: { auth: { public: true } }, schema: { hide: true } }, (_req, reply) =>
    hasWeb ? reply.header('cache-control', 'no-cache').type('text/javascript; charset=utf-8').sendFile('sw.js') : reply.code(404).send(),
  );
  app.setNotFoundHandler((request, reply) => {
    if (request.method === 'GET' && !request.url.startsWith('/api/')) return sendIndex(request, reply);
    return reply.code(404).send({ code: 'not_found', message: errorMessage('not_found', localeOf(request)) });
  });
}

/**
 * The server's configuration: the one place that reads `process.env`, parsed with zod into
 * a frozen object at start-up. Start-up fails listing every invalid variable.
 */
import { join, resolve } from 'node:path';
import { z } from 'zod';

const flag = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no'])
  .transform((value) => value === '1' || value === 'true' || value === 'yes');

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  VIGIL_DATA_DIR: z.string().min(1).default('./vigil-data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'a postgres:// URL')
    .optional(),
  VIGIL_FILES_DIR: z.string().min(1).optional(),
  VIGIL_DETECT_MAX_UPLOAD_BYTES: z.coerce.number().int().min(1).optional(),
  VIGIL_DETECT_MAX_OLD_SPACE_MB: z.coerce.number().int().min(64).max(1_048_576).optional(),
  VIGIL_DEMO: flag.default(true),
  VIGIL_WEB_ROOT: z.string().min(1).optional(),
  VIGIL_SECURE_COOKIES: flag.optional(),
  VIGIL_SESSION_HOURS: z.coerce.number().min(0.1).max(24 * 30).default(12),
  VIGIL_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  VIGIL_TRUST_PROXY: flag.default(false),
  VIGIL_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'an smtp:// or smtps:// URL such as smtp://user:pass@mail.example:587')
    .optional(),
  VIGIL_SMTP_FROM: z.string().min(3).max(200).default('Vigil <vigil@localhost>'),
});

/** Validated configuration of one server process. */
export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  readonly database: { readonly kind: 'pglite'; readonly dataDir: string } | { readonly kind: 'postgres'; readonly url: string };
  readonly demo: boolean;
  /** Where uploaded files live (report attachments, detection datasets and results). */
  readonly filesDir: string;
  /** Largest detection dataset an upload may send (default 20 GiB). */
  readonly detectMaxUploadBytes?: number;
  /** JavaScript heap ceiling of each detection run's child process, in MB (default 4096). */
  readonly detectMaxOldSpaceMb?: number;
  readonly webRoot: string | null;
  /** Set the Secure attribute on cookies (behind HTTPS). Defaults to on unless HOST is loopback. */
  readonly secureCookies: boolean;
  readonly sessionHours: number;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Take the client address from X-Forwarded-For (only behind a trusted reverse proxy). */
  readonly trustProxy: boolean;
  /** Where respond's e-mail notifications go out (VIGIL_SMTP_URL, VIGIL_SMTP_FROM); none: no e-mail. */
  readonly smtp?: { readonly url: string; readonly from: string };
}

/** Thrown when environment variables are invalid; lists each. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses the environment into a frozen configuration, or throws listing every problem. */
export function loadConfig(env: Record<string, string | undefined>, defaults: { readonly webRoot: string | null }): ServerConfig {
  const parsed = EnvSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, value]) => value !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const loopback = ['127.0.0.1', 'localhost', '::1'].includes(e.HOST);
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL ? { kind: 'postgres' as const, url: e.DATABASE_URL } : { kind: 'pglite' as const, dataDir: resolve(e.VIGIL_DATA_DIR) },
    demo: e.VIGIL_DEMO,
    filesDir: resolve(e.VIGIL_FILES_DIR ?? join(e.VIGIL_DATA_DIR, 'files')),
    ...(e.VIGIL_DETECT_MAX_UPLOAD_BYTES === undefined ? {} : { detectMaxUploadBytes: e.VIGIL_DETECT_MAX_UPLOAD_BYTES }),
    ...(e.VIGIL_DETECT_MAX_OLD_SPACE_MB === undefined ? {} : { detectMaxOldSpaceMb: e.VIGIL_DETECT_MAX_OLD_SPACE_MB }),
    webRoot: e.VIGIL_WEB_ROOT ? resolve(e.VIGIL_WEB_ROOT) : defaults.webRoot,
    secureCookies: e.VIGIL_SECURE_COOKIES ?? !loopback,
    sessionHours: e.VIGIL_SESSION_HOURS,
    logLevel: e.VIGIL_LOG_LEVEL,
    trustProxy: e.VIGIL_TRUST_PROXY,
    ...(e.VIGIL_SMTP_URL === undefined ? {} : { smtp: { url: e.VIGIL_SMTP_URL, from: e.VIGIL_SMTP_FROM } }),
  } as const);
}

import { currencyCode, defaultReportingCurrency } from '@attribution/contracts'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'

/**
 * The whole engine's configuration, validated once at start-up. Every setting has an environment variable; a JSON
 * file (ATTRIBUTION_CONFIG) can hold the same keys; explicit overrides (CLI flags) win over both.
 */
export const configSchema = z.strictObject({
  dataDir: z.string().min(1),
  eventStoreUrl: z.string().min(1).optional(),
  clickhouseUrl: z.string().url().optional(),
  // Two characters at least: a one-letter name would be read as one of the queries' table aliases (@attribution/clickhouse).
  clickhouseDatabase: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]+$/, 'must be a plain identifier of two characters or more (letters, digits, "_")'),
  host: z.string().min(1),
  port: z.coerce.number().int().min(0).max(65535),
  // Every figure is reported in it, converted at recorded rates (docs/currencies.md): a code the engine knows.
  reportingCurrency: currencyCode,
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  /** Comma-separated host:port list. Set, it switches ingest to Kafka (server deployment). */
  kafkaBrokers: z
    .string()
    .regex(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, 'must be a comma-separated list of host:port, e.g. 127.0.0.1:9092')
    .optional(),
  kafkaTopicPrefix: z.string().regex(/^[A-Za-z0-9._-]*$/, 'may hold only letters, digits, ".", "_" and "-"'),
  kafkaClientId: z.string().min(1),
  ingestorGroupId: z.string().min(1),
  /** How soon a silent ingestor's partitions go to the rest of its group. */
  ingestorSessionTimeoutMs: z.coerce.number().int().min(6_000).max(300_000),
  /** markov and shapley are trained again once history has grown by this fraction since their last training. */
  retrainGrowth: z.coerce.number().positive().max(100),
  /** ... and no sooner than this many seconds after the last training began. */
  retrainIntervalSeconds: z.coerce.number().min(0).max(604_800),
  /** Where API keys are kept when the event store keeps none (KurrentDB): a PostgreSQL URL. */
  apiKeysUrl: z.string().regex(/^postgres(ql)?:\/\//i, 'must be a postgres:// URL').optional(),
  /** Where the person vault is kept when the event store keeps none (KurrentDB): a PostgreSQL URL. */
  personVaultUrl: z.string().regex(/^postgres(ql)?:\/\//i, 'must be a postgres:// URL').optional(),
  /**
   * The person vault's install secret (32 random bytes, base64). Unset: one is made and kept in the vault's database.
   * Every process of a deployment must have the same.
   */
  personVaultSecret: z.string().min(1).optional(),
  /** Requests a minute each API key may make, per API process. */
  rateLimitPerMinute: z.coerce.number().int().min(1),
  /** Comma-separated origins (scheme://host[:port]) whose web pages may call the API; empty: none. */
  corsOrigins: z
    .string()
    .regex(/^(https?:\/\/[^,\s/]+)?(,https?:\/\/[^,\s/]+)*$/, 'must be a comma-separated list of origins such as https://bi.example.com'),
  /** Expensive queries (revenue, funnel, comparisons) running at once per API process; more wait their turn. */
  queryConcurrency: z.coerce.number().int().min(1).max(256),
})

export type Config = z.infer<typeof configSchema>
export type ConfigOverrides = Partial<{ [K in keyof Config]: Config[K] | undefined }>

const fromEnvironment: Record<keyof Config, string> = {
  dataDir: 'ATTRIBUTION_DATA_DIR',
  eventStoreUrl: 'EVENT_STORE_URL',
  clickhouseUrl: 'CLICKHOUSE_URL',
  clickhouseDatabase: 'CLICKHOUSE_DATABASE',
  host: 'HOST',
  port: 'PORT',
  reportingCurrency: 'REPORTING_CURRENCY',
  logLevel: 'LOG_LEVEL',
  kafkaBrokers: 'KAFKA_BROKERS',
  kafkaTopicPrefix: 'KAFKA_TOPIC_PREFIX',
  kafkaClientId: 'KAFKA_CLIENT_ID',
  ingestorGroupId: 'INGESTOR_GROUP_ID',
  ingestorSessionTimeoutMs: 'INGESTOR_SESSION_TIMEOUT_MS',
  retrainGrowth: 'RETRAIN_GROWTH',
  retrainIntervalSeconds: 'RETRAIN_INTERVAL_SECONDS',
  apiKeysUrl: 'API_KEYS_URL',
  personVaultUrl: 'PERSON_VAULT_URL',
  personVaultSecret: 'PERSON_VAULT_SECRET',
  rateLimitPerMinute: 'RATE_LIMIT_PER_MINUTE',
  corsOrigins: 'CORS_ORIGINS',
  queryConcurrency: 'QUERY_CONCURRENCY',
}

const defaults: Config = {
  dataDir: '.data',
  clickhouseDatabase: 'attribution',
  host: '127.0.0.1',
  port: 3000,
  reportingCurrency: defaultReportingCurrency,
  logLevel: 'info',
  kafkaTopicPrefix: 'attribution.',
  kafkaClientId: 'attribution',
  ingestorGroupId: 'attribution-ingestor',
  ingestorSessionTimeoutMs: 30_000,
  retrainGrowth: 0.1,
  retrainIntervalSeconds: 600,
  rateLimitPerMinute: 600,
  corsOrigins: '',
  queryConcurrency: 4,
}

export class ConfigError extends Error {}

export function loadConfig(overrides: ConfigOverrides = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const file = env.ATTRIBUTION_CONFIG ? readConfigFile(env.ATTRIBUTION_CONFIG) : {}
  const environment = Object.fromEntries(
    Object.entries(fromEnvironment)
      .filter(([, name]) => env[name] !== undefined && env[name] !== '')
      .map(([key, name]) => [key, env[name]]),
  )
  const given = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined))
  const parsed = configSchema.safeParse({ ...defaults, ...file, ...environment, ...given })
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? '')
      const variable = fromEnvironment[key as keyof Config]
      return `  ${key}${variable ? ` (${variable})` : ''}: ${issue.message}`
    })
    throw new ConfigError(`invalid configuration:\n${problems.join('\n')}`)
  }
  return { ...parsed.data, dataDir: path.resolve(parsed.data.dataDir) }
}

function readConfigFile(file: string): Record<string, unknown> {
  if (!existsSync(file)) throw new ConfigError(`configuration file ${file} (ATTRIBUTION_CONFIG) does not exist`)
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
  } catch (error) {
    throw new ConfigError(`configuration file ${file} is not valid JSON: ${(error as Error).message}`)
  }
}

/** Where the embedded parts keep their files when no server URL is configured. */
export function embeddedPaths(config: Config): { eventStore: string; clickhouse: string } {
  return { eventStore: path.join(config.dataDir, 'event-store'), clickhouse: path.join(config.dataDir, 'clickhouse') }
}

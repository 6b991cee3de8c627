import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config.ts'

describe('loadConfig', () => {
  it('takes defaults, then the environment, then explicit overrides', () => {
    const config = loadConfig({ port: 4000 }, { PORT: '5000', KAFKA_BROKERS: '127.0.0.1:9092,10.0.0.2:9092', REPORTING_CURRENCY: 'EUR' })
    expect(config).toMatchObject({ port: 4000, reportingCurrency: 'EUR', kafkaBrokers: '127.0.0.1:9092,10.0.0.2:9092', host: '127.0.0.1' })
    expect(config.dataDir).toMatch(/\/\.data$/)
    expect(loadConfig({}, { RETRAIN_GROWTH: '0.25' }).retrainGrowth).toBe(0.25)
    expect(loadConfig({}, {}).retrainIntervalSeconds).toBe(600)
    expect(loadConfig({}, { RETRAIN_INTERVAL_SECONDS: '0' }).retrainIntervalSeconds).toBe(0)
  })

  it('reads the limits and the origins allowed to call the API', () => {
    const config = loadConfig({}, { RATE_LIMIT_PER_MINUTE: '120', CORS_ORIGINS: 'https://bi.example.com,http://localhost:5173', QUERY_CONCURRENCY: '8' })
    expect(config).toMatchObject({ rateLimitPerMinute: 120, corsOrigins: 'https://bi.example.com,http://localhost:5173', queryConcurrency: 8 })
    expect(loadConfig({}, {})).toMatchObject({ rateLimitPerMinute: 600, corsOrigins: '', queryConcurrency: 4 })
    expect(() => loadConfig({}, { CORS_ORIGINS: 'bi.example.com' })).toThrow(/corsOrigins \(CORS_ORIGINS\)/)
    expect(() => loadConfig({}, { API_KEYS_URL: 'kurrentdb://x:2113' })).toThrow(/apiKeysUrl \(API_KEYS_URL\)/)
  })

  it('names the variable of every invalid setting', () => {
    const attempt = () => loadConfig({}, { PORT: 'eighty', KAFKA_BROKERS: 'localhost', REPORTING_CURRENCY: 'usd', RETRAIN_GROWTH: '-1' })
    expect(attempt).toThrow(ConfigError)
    expect(attempt).toThrow(/port \(PORT\)/)
    expect(attempt).toThrow(/kafkaBrokers \(KAFKA_BROKERS\): must be a comma-separated list of host:port/)
    expect(attempt).toThrow(/reportingCurrency \(REPORTING_CURRENCY\)/)
    expect(attempt).toThrow(/retrainGrowth \(RETRAIN_GROWTH\)/)
  })

  it('takes only a reporting currency the engine knows, with its minor unit', () => {
    expect(loadConfig({}, { REPORTING_CURRENCY: 'JPY' }).reportingCurrency).toBe('JPY')
    expect(() => loadConfig({}, { REPORTING_CURRENCY: 'EUX' })).toThrow(/reportingCurrency \(REPORTING_CURRENCY\): must be an ISO 4217 currency code/)
  })

  it('takes a ClickHouse database of two characters or more, which no table alias of the queries can shadow', () => {
    expect(loadConfig({}, { CLICKHOUSE_DATABASE: 'crm_2' }).clickhouseDatabase).toBe('crm_2')
    expect(loadConfig({}, { CLICKHOUSE_DATABASE: 'pd' }).clickhouseDatabase).toBe('pd')
    expect(() => loadConfig({}, { CLICKHOUSE_DATABASE: 'p' })).toThrow(/clickhouseDatabase \(CLICKHOUSE_DATABASE\): must be a plain identifier of two characters or more/)
    expect(() => loadConfig({}, { CLICKHOUSE_DATABASE: 'crm-2' })).toThrow(/clickhouseDatabase \(CLICKHOUSE_DATABASE\)/)
  })
})

import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config.ts'

describe('loadConfig', () => {
  it('takes defaults, then the environment, then explicit overrides', () => {
    const config = loadConfig({ port: 4000 }, { PORT: '5000', KAFKA_BROKERS: '127.0.0.1:9092,10.0.0.2:9092', REPORTING_CURRENCY: 'EUR' })
    expect(config).toMatchObject({ port: 4000, reportingCurrency: 'EUR', kafkaBrokers: '127.0.0.1:9092,10.0.0.2:9092', host: '127.0.0.1' })
    expect(config.dataDir).toMatch(/\/\.data$/)
    expect(loadConfig({}, { RETRAIN_GROWTH: '0.25' }).retrainGrowth).toBe(0.25)
  })

  it('names the variable of every invalid setting', () => {
    const attempt = () => loadConfig({}, { PORT: 'eighty', KAFKA_BROKERS: 'localhost', REPORTING_CURRENCY: 'usd', RETRAIN_GROWTH: '-1' })
    expect(attempt).toThrow(ConfigError)
    expect(attempt).toThrow(/port \(PORT\)/)
    expect(attempt).toThrow(/kafkaBrokers \(KAFKA_BROKERS\): must be a comma-separated list of host:port/)
    expect(attempt).toThrow(/reportingCurrency \(REPORTING_CURRENCY\)/)
    expect(attempt).toThrow(/retrainGrowth \(RETRAIN_GROWTH\)/)
  })
})

export { loadConfig, configSchema, embeddedPaths, ConfigError } from './config.ts'
export type { Config, ConfigOverrides } from './config.ts'

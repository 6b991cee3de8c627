import { describe, expect, it } from 'vitest'
import { fakePorts } from '../../testing/index.ts'
import { buildApp } from '../app.ts'

describe('GET /v1/attribution/options', () => {
  it('lists every model, level, mapping and training a question may name, the defaults and the currency', async () => {
    const ports = fakePorts({ reportingCurrency: 'EUR' })
    const app = await buildApp(ports)
    const response = await app.inject({ url: '/v1/attribution/options' })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({
      models: ['first_touch', 'last_touch', 'linear', 'u_shaped', 'w_shaped', 'full_path', 'time_decay', 'custom', 'markov', 'shapley'],
      journeyModels: ['first_touch', 'last_touch', 'linear', 'u_shaped', 'w_shaped', 'full_path', 'time_decay', 'markov', 'shapley'],
      levels: ['channel', 'campaign'],
      mappings: ['contacts', 'account', 'primary_contact'],
      trainings: ['history', 'window'],
      defaults: { lookbackDays: 365, halfLifeDays: 7 },
      currency: 'EUR',
    })
    expect(ports.calls).toEqual([])
  })

  it('names only models that revenue-by-campaign accepts', async () => {
    const app = await buildApp(fakePorts())
    const { models } = (await app.inject({ url: '/v1/attribution/options' })).json() as { models: string[] }
    const openApi = (await app.inject({ url: '/docs/json' })).json()
    const parameters = openApi.paths['/v1/revenue-by-campaign'].get.parameters as { name: string; schema: { enum?: string[] } }[]
    expect(parameters.find((parameter) => parameter.name === 'model')?.schema.enum).toEqual(models)
  })
})

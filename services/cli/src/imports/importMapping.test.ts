import { describe, expect, it } from 'vitest'
import { parseImportMapping } from './importMapping.ts'

const minimal = `
name: my-crm-deals
key: Deal ID
dates: MM/DD/YYYY
events:
  - type: deal.created
    occurredAt: { column: Created, as: date }
    data:
      dealId: Deal ID
      accountId: Company
      amount: { column: Amount, as: amount }
      currency: { column: Currency, default: USD }
  - type: deal.updated
    occurredAt: { column: Modified, as: date }
    data: { dealId: Deal ID, stage: Stage }
`

describe('import mappings', () => {
  it('reads a mapping with its defaults: ids once for facts, from content for states', () => {
    const parsed = parseImportMapping(minimal)
    expect(parsed.ok).toBe(true)
    const mapping = parsed.ok ? parsed.mapping : undefined
    expect(mapping).toMatchObject({
      name: 'my-crm-deals',
      key: ['Deal ID'],
      dates: 'MM/DD/YYYY',
      amounts: { decimal: '.', thousands: ',' },
      skipLines: 0,
      delimiter: ',',
    })
    expect(mapping?.events.map((event) => [event.name, event.id])).toEqual([
      ['deal.created', 'once'],
      ['deal.updated', 'latest'],
    ])
    expect(mapping?.events[0]?.data.amount).toEqual({ kind: 'column', columns: ['Amount'], as: 'amount', separator: ';', addDays: 0, optional: false, latest: false })
    expect(mapping?.events[0]?.data.currency).toMatchObject({ kind: 'column', columns: ['Currency'], default: 'USD' })
  })

  it('names the path of every problem', () => {
    const broken = `
name: My Deals
key: []
dates: YYYY/MM/DD
extra: 1
events:
  - type: deal.opened
    occurredAt: Created
    data: { dealId: Id }
  - type: deal.won
    data:
      dealId: { column: Id, as: money }
      amount: { value: [1] }
      contactRoles: { each: { role: { each: { x: Role } } } }
      reason: { column: Reason, colour: red }
`
    const parsed = parseImportMapping(broken)
    expect(parsed.ok).toBe(false)
    expect(parsed.ok ? [] : parsed.errors).toEqual([
      { path: 'name', message: 'must be lowercase letters, digits and dashes, e.g. my-crm-deals' },
      { path: 'key', message: 'must name a column' },
      { path: 'dates', message: 'Invalid option: expected one of "iso"|"MM/DD/YYYY"|"DD/MM/YYYY"|"DD.MM.YYYY"' },
      { path: 'events[0].type', message: expect.stringContaining('must be one of touchpoint.recorded') },
      { path: 'events[1].occurredAt', message: 'is required: the column holding when it happened' },
      { path: 'extra', message: 'is not a known field' },
    ])
  })

  it('checks each field of the events once the shape holds, with its path', () => {
    const parsed = parseImportMapping(`
name: fields
key: Id
events:
  - type: deal.won
    occurredAt: { each: { at: Closed } }
    data:
      dealId: { column: Id, as: money }
      amount: { value: [1] }
      contactRoles: { each: { role: { each: { x: Role } } } }
      reason: { column: Reason, colour: red }
  - type: deal.won
    occurredAt: Closed
    data: { dealId: Id }
`)
    expect(parsed.ok ? [] : parsed.errors).toEqual([
      { path: 'events[0].occurredAt.each', message: 'a list over the rows of a record cannot be inside another one, nor be occurredAt' },
      { path: 'events[0].data.dealId.as', message: expect.stringContaining('Invalid option') },
      { path: 'events[0].data.amount.value', message: 'must be text, a number or true/false' },
      { path: 'events[0].data.contactRoles.each.role.each', message: 'a list over the rows of a record cannot be inside another one, nor be occurredAt' },
      { path: 'events[0].data.reason.colour', message: 'is not a known field' },
      { path: 'events[1].name', message: 'two events are named deal.won: give each a name of its own' },
    ])
  })

  it('refuses YAML that does not parse, with its line', () => {
    const parsed = parseImportMapping('name: x\nkey: [Id\nevents: []\n')
    expect(parsed.ok).toBe(false)
    expect(parsed.ok ? '' : parsed.errors[0]?.path).toMatch(/^line \d+$/)
  })
})

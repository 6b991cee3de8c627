import { describe, expect, it } from 'vitest'
import { parseImportMapping, type ImportMapping } from './importMapping.ts'
import { eventsOfRecord, type SourceRow } from './recordEvents.ts'

function mappingOf(yaml: string): ImportMapping {
  const parsed = parseImportMapping(yaml)
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors))
  return parsed.mapping
}

const deals = mappingOf(`
name: deals
key: Id
events:
  - name: created
    type: deal.created
    occurredAt: { column: Created, as: date }
    data: { dealId: Id, accountId: Account, amount: { column: Amount, as: amount }, currency: { value: USD } }
  - name: state
    type: deal.updated
    occurredAt: { column: Modified, as: date }
    data: { dealId: Id, amount: { column: Amount, as: amount } }
`)
const roles = mappingOf(`
name: roles
key: Deal
events:
  - type: deal.updated
    occurredAt: { column: Modified, as: date, latest: true }
    data:
      dealId: Deal
      contactRoles: { each: { personId: Contact, role: Role, isPrimary: { column: Primary, as: boolean } } }
`)
const row = (line: number, cells: Record<string, string>): SourceRow => ({ line, cells })
const deal = (amount: string) => row(2, { Id: 'd-1', Account: 'acme', Amount: amount, Created: '2024-03-01', Modified: '2024-03-05' })
const idsOf = (mapping: ImportMapping, rows: SourceRow[]) => eventsOfRecord(mapping, { rows }).events.map(({ event }) => event.eventId)

describe('the events of a record', () => {
  it('keeps the ids of a row imported again, and gives a changed state, never a fact, a new one', () => {
    const [created, state] = idsOf(deals, [deal('100.00')])
    expect(created).toBe('deals:created:d-1')
    expect(state).toMatch(/^deals:state:d-1:[0-9a-f]{16}$/)
    expect(idsOf(deals, [deal('100.00')])).toEqual([created, state])
    const [createdAgain, corrected] = idsOf(deals, [deal('120.00')])
    expect(createdAgain).toBe(created)
    expect(corrected).not.toBe(state)
  })

  it('puts a key that is the person an event names into its id as a hash, never as it is', () => {
    const people = mappingOf(`
name: people
key: Id
events:
  - type: person.updated
    occurredAt: { column: Modified, as: date }
    data: { personId: Id, attributes: { title: Title } }
`)
    const [id] = idsOf(people, [row(2, { Id: 'jane@acme.example', Title: 'CFO', Modified: '2024-03-01' })])
    expect(id).toMatch(/^people:person\.updated:#[0-9a-f]{32}:[0-9a-f]{16}$/)
    expect(id).not.toContain('jane')
  })

  it('gathers the rows of a key into one list, taking the latest change, and names each field\'s column', () => {
    const { events, errors } = eventsOfRecord(roles, {
      rows: [
        row(2, { Deal: 'd-1', Contact: 'p-1', Role: 'Economic Buyer', Primary: 'true', Modified: '2024-03-01' }),
        row(3, { Deal: 'd-1', Contact: 'p-2', Role: 'Influencer', Primary: 'false', Modified: '2024-03-04' }),
      ],
    })
    expect(errors).toEqual([])
    expect(events[0]?.event).toMatchObject({
      type: 'deal.updated',
      occurredAt: '2024-03-04T00:00:00.000Z',
      data: {
        dealId: 'd-1',
        contactRoles: [
          { personId: 'p-1', role: 'Economic Buyer', isPrimary: true },
          { personId: 'p-2', role: 'Influencer', isPrimary: false },
        ],
      },
    })
    expect(events[0]?.columns.get('data.contactRoles[1].role')).toBe('Role')
  })

  it('gives no event for a record with a cell it cannot read, naming the row of that cell', () => {
    const outcome = eventsOfRecord(roles, {
      rows: [
        row(2, { Deal: 'd-1', Contact: 'p-1', Role: 'Economic Buyer', Primary: 'true', Modified: '2024-03-01' }),
        row(4, { Deal: 'd-1', Contact: 'p-2', Role: 'Influencer', Primary: 'perhaps', Modified: '2024-03-04' }),
      ],
    })
    expect(outcome).toEqual({ events: [], errors: [{ line: 4, path: 'Primary', message: "'perhaps' is neither true/1/yes/y nor false/0/no/n" }] })
    expect(eventsOfRecord(deals, { rows: [row(9, { Id: ' ', Amount: '1' })] }).errors).toEqual([
      { line: 9, path: 'Id', message: 'the key column is empty' },
      { line: 9, path: 'Id', message: 'the key column is empty' },
    ])
  })
})

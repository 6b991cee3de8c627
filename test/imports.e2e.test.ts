import { execFile } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { getJson, temporaryDataDir, useEngine, waitUntilProjected } from './support/engine.ts'

const cli = path.resolve('node_modules/.bin/attribution')
const sample = (name: string) => path.resolve('test/fixtures/imports', `${name}.csv`)

async function attribution(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(cli, args, { env: { ...process.env, LOG_LEVEL: 'silent' } })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

type Row = { campaignId: string; campaignName: string | null; channel: string | null; pipeline: number; revenue: number; cost: number }

/**
 * The shipped mappings on sample exports written for this test (test/fixtures/imports: quoted cells holding commas,
 * quotes and line breaks, byte-order marks, empty lines, report titles and total rows, and a few bad rows), through
 * `attribution import` into a running engine, and the answers they make.
 *
 * Salesforce: deal 0065...E (Acme, 12,000.00, created 1 March 2024, won 20 March) has contact roles Erin (Economic
 * Buyer, primary), Dan (Decision Maker) and Ida (Influencer); 0065...F (Globex, 4,500.50, lost) has Dan, no role given
 * (Unspecified), no primary; 0065...G (Initech, 800.00) has none: its one role row says IsPrimary 'maybe'. Their
 * campaign responses before 1 March: Erin the webinar (Webi), Dan the email (Mail), Ida the ad (Adsx).
 */
describe('importing CRM and ad platform exports', () => {
  const files = temporaryDataDir('imports-files')
  const running = useEngine('imports')
  afterAll(() => files.remove())
  const importing = (file: string, mapping: string) => attribution('import', file, '--mapping', mapping, '--url', running.url)
  const revenue = async (query: string) => {
    await waitUntilProjected(running.url)
    const answer = await getJson(`${running.url}/v1/revenue-by-campaign?model=linear&from=2024-03-01&to=2024-04-01&${query}`)
    expect(answer.status).toBe(200)
    return answer.body as { rows: Row[]; unattributed: { pipeline: number }; dealsWithoutPrimaryContact: number | null }
  }
  const credited = (rows: Row[]) =>
    Object.fromEntries(rows.filter((row) => row.pipeline > 0 || row.revenue > 0).map((row) => [row.campaignId, [row.pipeline, row.revenue]]))

  it('imports Salesforce people, campaign responses, opportunities and contact roles, naming the rows it refused by line', async () => {
    const people = await importing(sample('salesforce-contact-lead'), 'salesforce-contact-lead')
    expect(people.stderr).toContain('3 rows, 0 skipped; 3 accepted, 0 duplicates, 0 rejected')
    const leads = await importing(sample('salesforce-lead'), 'salesforce-contact-lead')
    expect(leads.stderr).toContain('2 rows, 0 skipped; 2 accepted, 0 duplicates, 0 rejected')

    const members = await importing(sample('salesforce-campaign-member'), 'salesforce-campaign-member')
    expect(members.code).toBe(3)
    expect(members.stderr).toContain('6 rows, 1 skipped; 4 accepted, 0 duplicates, 1 rejected')
    expect(members.stderr).toContain("line 8: FirstRespondedDate: 'yesterday' is not a date written as iso")

    const deals = await importing(sample('salesforce-opportunity'), 'salesforce-opportunity')
    expect(deals.stderr).toContain('4 rows, 0 skipped; 8 accepted, 0 duplicates, 1 rejected')
    expect(deals.stderr).toContain("line 7: CreatedDate: '03/05/2024' is not a date written as iso")

    const roles = await importing(sample('salesforce-opportunity-contact-role'), 'salesforce-opportunity-contact-role')
    expect(roles.stderr).toContain('5 rows, 0 skipped; 2 accepted, 0 duplicates, 1 rejected')
    expect(roles.stderr).toContain("line 7: IsPrimary: 'maybe' is neither true/1/yes/y nor false/0/no/n")
  })

  it('credits the contacts, the primary contact or the roles asked for, to the cent', async () => {
    // All contacts, linear: E over Webi, Mail and Adsx at 4,000.00 each; F to Mail; G has no contacts.
    const contacts = await revenue('mapping=contacts')
    expect(credited(contacts.rows)).toEqual({ '7015g00000WebiAAA': [4000, 4000], '7015g00000MailAAA': [8500.5, 4000], '7015g00000AdsxAAA': [4000, 4000] })
    expect(contacts.unattributed.pipeline).toBe(800)
    // The primary contact: E is Erin's webinar's alone; F names no primary and falls back to Dan; so does G, to nobody.
    const primary = await revenue('mapping=primary_contact')
    expect(credited(primary.rows)).toEqual({ '7015g00000WebiAAA': [12000, 12000], '7015g00000MailAAA': [4500.5, 0] })
    expect(primary.dealsWithoutPrimaryContact).toBe(2)
    // Economic Buyer and Decision Maker: E over Erin's and Dan's touches at 6,000.00; F's Dan holds no such role.
    const buyers = await revenue(`mapping=contacts&roles=${encodeURIComponent('Economic Buyer,Decision Maker')}`)
    expect(credited(buyers.rows)).toEqual({ '7015g00000WebiAAA': [6000, 6000], '7015g00000MailAAA': [6000, 6000] })
    expect(buyers.unattributed.pipeline).toBe(5300.5)
  })

  it('changes nothing when the same files are imported again, and stores only what a corrected export changed', async () => {
    for (const [file, mapping] of [
      ['salesforce-contact-lead', 'salesforce-contact-lead'],
      ['salesforce-campaign-member', 'salesforce-campaign-member'],
      ['salesforce-opportunity', 'salesforce-opportunity'],
      ['salesforce-opportunity-contact-role', 'salesforce-opportunity-contact-role'],
    ] as const) {
      const again = await importing(sample(file), mapping)
      expect(again.stderr).toMatch(/; 0 accepted, \d+ duplicates/)
    }
    const before = (await getJson(`${running.url}/v1/status`)).body.eventStore.events

    // The opportunity E grew to 15,000.00 after it was won: its state is a new event; its creation and win are the same.
    const corrected = path.join(files.dir, 'Opportunity.csv')
    writeFileSync(
      corrected,
      readFileSync(sample('salesforce-opportunity'), 'utf8')
        .replace('"12000.00"', '"15000.00"')
        .replace('"2024-03-20T16:00:00.000Z"', '"2024-03-21T08:00:00.000Z"'),
    )
    const fixed = await importing(corrected, 'salesforce-opportunity')
    expect(fixed.stderr).toContain('4 rows, 0 skipped; 1 accepted, 7 duplicates, 1 rejected')
    expect((await getJson(`${running.url}/v1/status`)).body.eventStore.events).toBe(before + 1)
    const contacts = await revenue('mapping=contacts')
    expect(credited(contacts.rows)).toEqual({ '7015g00000WebiAAA': [5000, 5000], '7015g00000MailAAA': [9500.5, 5000], '7015g00000AdsxAAA': [5000, 5000] })
  })

  it('imports HubSpot deals and contacts', async () => {
    const contacts = await importing(sample('hubspot-contacts'), 'hubspot-contacts')
    expect(contacts.stderr).toContain('3 rows, 0 skipped; 3 accepted, 0 duplicates, 0 rejected')
    const deals = await importing(sample('hubspot-deals'), 'hubspot-deals')
    // 9003 has no amount yet: its creation is refused by the contract, naming the column; its stage goes in.
    expect(deals.stderr).toContain('3 rows, 0 skipped; 7 accepted, 0 duplicates, 1 rejected')
    expect(deals.stderr).toContain('line 6 (hubspot-deals:created:9003): data.amount (column Amount): must be a decimal amount')
    await waitUntilProjected(running.url)
    const deal = await getJson(`${running.url}/v1/deals?from=2024-03-01&to=2024-04-01`)
    expect(deal.status).toBe(200)
    expect(JSON.stringify(deal.body)).toContain('9001')
  })

  it('imports Google Ads and LinkedIn Ads campaign reports as campaign costs, skipping report titles and totals', async () => {
    const google = await importing(sample('google-ads-campaigns'), 'google-ads-campaigns')
    expect(google.stderr).toContain('5 rows, 2 skipped; 5 accepted, 1 duplicates, 0 rejected')
    const linkedin = await importing(sample('linkedin-ads-campaigns'), 'linkedin-ads-campaigns')
    expect(linkedin.stderr).toContain('3 rows, 0 skipped; 4 accepted, 1 duplicates, 1 rejected')
    expect(linkedin.stderr).toMatch(/line 9 \(linkedin-ads-campaigns:cost:180002\|03\/02\/2024:[0-9a-f]{16}\): data\.amount \(column Total Spent\): must be a decimal amount/)
    const { rows } = await revenue('mapping=contacts')
    const spent = Object.fromEntries(rows.filter((row) => row.cost > 0).map((row) => [row.campaignId, [row.campaignName, row.channel, row.cost]]))
    expect(spent).toEqual({
      '11111111': ['Brand, Exact', 'paid_search', 1251.01],
      '22222222': ['Competitors', 'paid_search', 99.99],
      '180001': ['CFO Retargeting, EMEA', 'paid_social', 800.35],
    })

    // The same report again changes nothing; corrected (2 March's Brand spend settled at 12.61), its new amount
    // replaces the old one instead of adding to it.
    const again = await importing(sample('google-ads-campaigns'), 'google-ads-campaigns')
    expect(again.stderr).toContain('5 rows, 2 skipped; 0 accepted, 6 duplicates, 0 rejected')
    const corrected = path.join(files.dir, 'Campaign performance report.csv')
    writeFileSync(corrected, readFileSync(sample('google-ads-campaigns'), 'utf8').replace('USD,0.61,200,3', 'USD,12.61,200,3'))
    const fixed = await importing(corrected, 'google-ads-campaigns')
    expect(fixed.stderr).toContain('5 rows, 2 skipped; 1 accepted, 5 duplicates, 0 rejected')
    const after = await revenue('mapping=contacts')
    expect(after.rows.find((row) => row.campaignId === '11111111')?.cost).toBe(1263.01)
  })

  it('refuses a mapping of its own that does not hold, and a file lacking a column, before sending anything', async () => {
    const mapping = path.join(files.dir, 'mine.yaml')
    writeFileSync(mapping, 'name: mine\nkey: Id\nevents:\n  - type: deal.won\n    occurredAt: Closed\n    data: { dealId: { column: Id, as: money } }\n')
    const refused = await attribution('import', sample('hubspot-deals'), '--mapping', mapping, '--url', running.url)
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain(`the mapping ${mapping} does not hold:\n  events[0].data.dealId.as: Invalid option`)
    const wrongFile = await importing(sample('hubspot-contacts'), 'hubspot-deals')
    expect(wrongFile.code).toBe(2)
    expect(wrongFile.stderr).toContain("the file has no column 'Amount', 'Deal Stage'")
  })
})

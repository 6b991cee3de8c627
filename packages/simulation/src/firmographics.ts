import type { Region } from './clock.ts'
import { type Random, weighted } from './random.ts'
import { salesReps } from './salesTeam.ts'

export type Segment = 'SMB' | 'Mid-Market' | 'Enterprise'
export type Seniority = 'C-level' | 'VP' | 'Director' | 'Manager' | 'Individual Contributor'
type Attributes = Record<string, string | number | boolean>

export interface AccountProfile {
  id: string
  name: string
  domain: string
  industry: string
  employees: number
  country: string
  region: Region
  segment: Segment
  /** Existing customers buy expansions; only the others can bring new business. */
  isCustomer: boolean
  ownerId: string
}

export interface PersonProfile {
  id: string
  accountId: string
  firstName: string
  lastName: string
  email: string
  title: string
  seniority: Seniority
  department: string
  country: string
}

export function makeAccount(index: number, rng: Random): AccountProfile {
  const [country, region] = rng.choose(countries)
  const industry = rng.pick(industries)
  const name = `${rng.pick(namePrefixes)} ${rng.pick(nameSuffixes[industry] ?? genericSuffixes)}`
  const employees = Math.round(Math.min(200_000, Math.max(5, rng.logNormal(350, 1.6))))
  return {
    id: `acct-${String(index + 1).padStart(6, '0')}`,
    name,
    // The index keeps domains (and so emails) unique when two accounts draw the same name; .example is reserved.
    domain: `${slug(name)}-${index.toString(36)}.example`,
    industry,
    employees,
    country,
    region,
    segment: employees < 200 ? 'SMB' : employees < 2000 ? 'Mid-Market' : 'Enterprise',
    isCustomer: rng.chance(0.6),
    ownerId: rng.pick(salesReps).id,
  }
}

export function makePerson(account: AccountProfile, ordinal: number, rng: Random): PersonProfile {
  const seniority = rng.choose(seniorities)
  const department = rng.choose(departments)
  const firstName = rng.pick(firstNames)
  const lastName = rng.pick(lastNames)
  return {
    id: `${account.id.replace('acct-', 'person-')}-${ordinal + 1}`,
    accountId: account.id,
    firstName,
    lastName,
    email: `${slug(firstName)}.${slug(lastName)}${ordinal + 1}@${account.domain}`,
    title: titleOf(seniority, department),
    seniority,
    department,
    // Most people work in the account's home country; large companies have offices elsewhere.
    country: rng.chance(0.85) ? account.country : rng.choose(countries)[0],
  }
}

export function accountAttributes(account: AccountProfile): Attributes {
  const { name, domain, industry, employees, country, region, segment, isCustomer: customer } = account
  return { name, domain, industry, employees, country, region, segment, customer }
}

export function personAttributes(person: PersonProfile): Attributes {
  const { firstName, lastName, email, title, seniority, department, country } = person
  return { firstName, lastName, email, title, seniority, department, country }
}

/** How many people of an account engage: bigger companies have bigger buying committees. */
export function buyingCommitteeSize(account: AccountProfile, rng: Random): number {
  if (account.segment === 'SMB') return rng.int(1, 3)
  if (account.segment === 'Mid-Market') return rng.int(1, 5)
  return rng.int(2, 6)
}

function titleOf(seniority: Seniority, department: string): string {
  switch (seniority) {
    case 'C-level':
      return chiefTitles[department] ?? 'Chief Executive Officer'
    case 'VP':
      return `VP of ${department}`
    case 'Director':
      return `Director of ${department}`
    case 'Manager':
      return `${department} Manager`
    case 'Individual Contributor':
      return `${department} ${department === 'IT' ? 'Engineer' : 'Specialist'}`
  }
}

function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
}

const countries = weighted<readonly [string, Region]>([
  [['US', 'NA'], 30],
  [['CA', 'NA'], 5],
  [['GB', 'EMEA'], 12],
  [['DE', 'EMEA'], 9],
  [['FR', 'EMEA'], 6],
  [['NL', 'EMEA'], 4],
  [['SE', 'EMEA'], 3],
  [['ES', 'EMEA'], 3],
  [['IE', 'EMEA'], 2],
  [['CH', 'EMEA'], 2],
  [['AU', 'APAC'], 5],
  [['JP', 'APAC'], 3],
  [['SG', 'APAC'], 2],
  [['IN', 'APAC'], 4],
  [['BR', 'LATAM'], 3],
  [['MX', 'LATAM'], 2],
])

const seniorities = weighted<Seniority>([
  ['Individual Contributor', 30],
  ['Manager', 30],
  ['Director', 20],
  ['VP', 13],
  ['C-level', 7],
])

const departments = weighted<string>([
  ['Marketing', 35],
  ['Sales', 15],
  ['Revenue Operations', 15],
  ['IT', 10],
  ['Finance', 10],
  ['Operations', 15],
])

const chiefTitles: Record<string, string> = {
  Marketing: 'Chief Marketing Officer',
  Sales: 'Chief Revenue Officer',
  'Revenue Operations': 'Chief Revenue Officer',
  IT: 'Chief Technology Officer',
  Finance: 'Chief Financial Officer',
  Operations: 'Chief Operating Officer',
}

const industries = [
  'Software',
  'Financial Services',
  'Healthcare',
  'Manufacturing',
  'Retail',
  'Education',
  'Telecommunications',
  'Media',
  'Logistics',
  'Energy',
  'Professional Services',
] as const

const namePrefixes = [
  'Northwind', 'Bluepeak', 'Ironbridge', 'Silverline', 'Brightwater', 'Redwood', 'Summit', 'Harbor', 'Granite',
  'Evergreen', 'Cobalt', 'Lumen', 'Atlas', 'Meridian', 'Crescent', 'Pioneer', 'Vertex', 'Oakridge', 'Falcon',
  'Sterling', 'Horizon', 'Keystone', 'Riverbend', 'Polaris', 'Aurora', 'Beacon', 'Cedar', 'Quantum', 'Orion', 'Nimbus',
] as const

const genericSuffixes = ['Group', 'Holdings', 'Partners', 'Inc'] as const
const nameSuffixes: Record<string, readonly string[]> = {
  Software: ['Software', 'Labs', 'Systems', 'Cloud'],
  'Financial Services': ['Capital', 'Bank', 'Financial', 'Insurance'],
  Healthcare: ['Health', 'Medical', 'Care', 'Biotech'],
  Manufacturing: ['Industries', 'Manufacturing', 'Components', 'Robotics'],
  Retail: ['Retail', 'Stores', 'Brands', 'Market'],
  Education: ['Learning', 'Academy', 'Education', 'University'],
  Telecommunications: ['Telecom', 'Networks', 'Communications', 'Mobile'],
  Media: ['Media', 'Studios', 'Publishing', 'Broadcasting'],
  Logistics: ['Logistics', 'Freight', 'Shipping', 'Transport'],
  Energy: ['Energy', 'Power', 'Renewables', 'Utilities'],
  'Professional Services': ['Consulting', 'Advisory', 'Partners', 'Legal'],
}

const firstNames = [
  'Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Lucas', 'Sophia', 'Mateo', 'Mia', 'Elias', 'Hannah', 'Yuki', 'Priya',
  'Arjun', 'Chloé', 'Lars', 'Ingrid', 'João', 'Camila', 'Wei', 'Fatima', 'Omar', 'Grace', 'Daniel', 'Sara', 'Jonas',
] as const

const lastNames = [
  'Smith', 'Johnson', 'García', 'Müller', 'Dubois', 'Rossi', 'Jansen', 'Andersson', 'Tanaka', 'Patel', 'Kim', 'Nguyen',
  'Silva', 'Brown', "O'Brien", 'Novak', 'Kowalski', 'Cohen', 'Haddad', 'Fischer', 'Martin', 'Lopez', 'Singh', 'Wilson',
] as const

/**
 * Test support of the domain, for tests only (production code never imports it; scripts/check-imports.ts checks).
 * Each file's builders read in the words of its tests, and several share a name (`touch`), so each comes as a namespace.
 */
/** Journeys written as "touch b, a form fill 14 days before the deal". */
export * as journeyFixtures from './journeyFixtures.ts'
/** fast-check generators of deals, their touches and amounts, for the models' property tests. */
export * as journeyArbitraries from './journeyArbitraries.ts'
/** Lead definitions and person histories read as "a pricing page view on day 3". */
export * as leadDefinitionFixtures from './leadDefinitionFixtures.ts'
/** Deciders' tests as "given these past events, when this command": `given(decider, history).when(command)`. */
export { given } from './givenWhenThen.ts'

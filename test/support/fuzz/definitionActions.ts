import fc from 'fast-check'
import { hostileValue } from './openApi.ts'
import { printable } from './printable.ts'

/** A replay or an activation of a definition version: the id as a path segment and the version query, as sent. */
export interface DefinitionAction {
  action: 'replay' | 'activate'
  definitionId: string
  /** The `version` query value as sent; undefined: none (the newest published version). */
  version: string | undefined
}

/** Ids the setup and the publishing fuzz published, and some nobody did. */
const knownIds = fc.constantFrom('activity-based', 'intent-and-fit', 'fz-a', 'fz-b', 'nobody')
const hostileIds = fc.constantFrom(
  ...['%ED%A0%80', '%FF', '%00', 'x'.repeat(100), 'x'.repeat(101), 'a%2Fb', '%2E%2E', '%27%20OR%201%3D1', 'ACTIVITY-BASED', 'activity-based%20'],
)

export const definitionAction: fc.Arbitrary<DefinitionAction> = fc
  .record({
    // Replays cost a background job each: activations, which are cheap to refuse, come three times as often.
    action: fc.oneof({ weight: 3, arbitrary: fc.constant('activate' as const) }, { weight: 1, arbitrary: fc.constant('replay' as const) }),
    definitionId: fc.oneof({ weight: 1, arbitrary: knownIds }, { weight: 2, arbitrary: hostileIds }),
    version: fc.option(fc.oneof(fc.constantFrom('1', '2', '3', '2147483647'), hostileValue), { nil: undefined, freq: 4 }),
  })
  .map((action) => printable({ ...action }, `${action.action} ${action.definitionId}${action.version === undefined ? '' : `?version=${action.version}`}`))

import { identifiersOf, withPseudonyms, type Event } from '@attribution/contracts'
import type { PersonVault } from './personVault.ts'
import { openAttributes } from './sealedAttributes.ts'

/**
 * Events as their producers sent them, from the pseudonymous form the store keeps (docs/privacy.md): every pseudonym
 * back to the id it stands for, sealed attributes opened (their values read back as text, as ClickHouse gives them).
 * An erased person stays a pseudonym without attributes: nothing can tell who they were.
 */
export async function revealedEvents(vault: Pick<PersonVault, 'reveal' | 'keysOf'>, events: readonly Event[]): Promise<Event[]> {
  const pseudonyms = [...new Set(events.flatMap((event) => identifiersOf(event).map(({ value }) => value)))]
  const [ids, keys] = await Promise.all([vault.reveal(pseudonyms), vault.keysOf(pseudonyms)])
  return events.map((event) =>
    withPseudonyms(
      event,
      ({ value }) => ids.get(value) ?? value,
      (_, attributes) => openAttributes(keys, attributes as Record<string, string>),
    ),
  )
}

import type { ClickHouse } from '@attribution/clickhouse'
import { openAttributes, sealingPseudonymsIn, type PersonVault } from '@attribution/event-store'
import { clearPersonNames, writePersonNames, type AttributeOpener } from '@attribution/read-model'

/** What the projector needs of the person vault: the keys that open attributes, and the ids BI views show. */
export type PersonDirectory = Pick<PersonVault, 'keysOf' | 'revealedSince'>

/** Opens the sealed attributes of a page of histories with the keys of the persons who sealed them, fetched at once. */
export function attributeOpener(persons: PersonDirectory): AttributeOpener {
  return async (text) => {
    const keys = await keysFor(persons, text)
    return (attributes) => openAttributes(keys, attributes)
  }
}

export async function keysFor(persons: PersonDirectory, text: string): Promise<Map<string, Buffer>> {
  const sealedBy = sealingPseudonymsIn(text)
  return sealedBy.length === 0 ? new Map() : persons.keysOf(sealedBy)
}

const pageSize = 50_000

/**
 * Keeps ClickHouse's person_names (in memory only) in step with the vault: everything again when the projector starts,
 * then the entries created since, before each batch, so that once a batch is applied the views show its persons.
 */
export class PersonNamesSync {
  private seq = 0

  constructor(
    private readonly clickhouse: ClickHouse,
    private readonly persons: PersonDirectory,
  ) {}

  async restart(): Promise<void> {
    await clearPersonNames(this.clickhouse)
    this.seq = 0
    await this.catchUp()
  }

  async catchUp(): Promise<void> {
    for (;;) {
      const page = await this.persons.revealedSince(this.seq, pageSize)
      if (page.length === 0) return
      await writePersonNames(this.clickhouse, page.map(({ pseudonym, identifier }) => ({ pseudonym, identifier })))
      this.seq = (page.at(-1) as { seq: number }).seq
      if (page.length < pageSize) return
    }
  }
}

/**
 * `pnpm schema`: writes the contract's JSON Schema to packages/contracts/schema/events.schema.json, the file producers
 * in other languages validate against. A contracts test fails when the file is out of date.
 */
import { writeFileSync } from 'node:fs'
import { eventJsonSchema } from '@attribution/contracts'

const file = new URL('../packages/contracts/schema/events.schema.json', import.meta.url)
writeFileSync(file, `${JSON.stringify(eventJsonSchema(), null, 2)}\n`)
console.log(`wrote ${file.pathname}`)

import { readFileSync } from 'node:fs'

/** The example lead definitions shipped in lead-definitions/, as their YAML text: read here, so the domain's own code reads no file. */
export const exampleDefinitionTexts: readonly string[] = ['activity-based.yaml', 'intent-and-fit.yaml'].map((file) =>
  readFileSync(new URL(`../lead-definitions/${file}`, import.meta.url), 'utf8'),
)

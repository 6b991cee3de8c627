import { fileURLToPath } from 'node:url'

/** The read model's tables and views as numbered `.sql` files, for the ClickHouse package's `migrate`. */
export const migrationsFolder = fileURLToPath(new URL('../migrations/', import.meta.url))

// Creates a PGlite cluster in the directory given (initdb) and exits: run as a process of its own by pgliteExecutor.ts.
import { PGlite } from '@electric-sql/pglite'

const db = new PGlite(process.argv[2])
await db.waitReady
await db.close()

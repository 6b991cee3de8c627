import { simulate } from '@attribution/simulation'
let n = 0
for (const _ of simulate({ accounts: 30000 })) n++
console.log(n)

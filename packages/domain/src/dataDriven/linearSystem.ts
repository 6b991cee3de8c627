/**
 * Prepares to solve square linear systems `matrix · x = b` exactly (up to floating point) by Gaussian elimination
 * with partial pivoting: at every step the row with the largest entry in the pivot column is swapped up, which keeps
 * the multipliers at most 1 in size and the rounding small.
 *
 * The elimination runs once, here, and is kept as a factorisation P·A = L·U (L's multipliers below the diagonal, U on
 * and above it). The returned function then solves for any right-hand side in O(n²): the Markov model solves one
 * system per state, all with the same matrix.
 */
export function linearSolver(matrix: readonly (readonly number[])[]): (rhs: readonly number[]) => number[] {
  const n = matrix.length
  const lu = new Float64Array(n * n)
  matrix.forEach((row, i) => {
    if (row.length !== n) throw new RangeError(`row ${i} has ${row.length} entries; the matrix must be ${n}×${n}`)
    row.forEach((value, j) => {
      lu[i * n + j] = value
    })
  })
  const at = (i: number, j: number) => lu[i * n + j] ?? 0
  // rowOf[i]: the original row now at position i, to apply the same swaps to a right-hand side.
  const rowOf = Array.from({ length: n }, (_, i) => i)

  for (let k = 0; k < n; k++) {
    let pivot = k
    for (let i = k + 1; i < n; i++) if (Math.abs(at(i, k)) > Math.abs(at(pivot, k))) pivot = i
    if (at(pivot, k) === 0) throw new RangeError(`the matrix is singular (no pivot in column ${k})`)
    if (pivot !== k) {
      for (let j = 0; j < n; j++) {
        const held = at(k, j)
        lu[k * n + j] = at(pivot, j)
        lu[pivot * n + j] = held
      }
      ;[rowOf[k], rowOf[pivot]] = [rowOf[pivot] ?? pivot, rowOf[k] ?? k]
    }
    for (let i = k + 1; i < n; i++) {
      const factor = at(i, k) / at(k, k)
      lu[i * n + k] = factor
      if (factor === 0) continue
      for (let j = k + 1; j < n; j++) lu[i * n + j] = at(i, j) - factor * at(k, j)
    }
  }

  return (rhs) => {
    if (rhs.length !== n) throw new RangeError(`the right-hand side has ${rhs.length} entries, the matrix ${n} rows`)
    const x = rowOf.map((row) => rhs[row] ?? 0)
    // L·y = P·b, forwards (L has ones on its diagonal), then U·x = y, backwards; both in place.
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) x[i] = (x[i] ?? 0) - at(i, j) * (x[j] ?? 0)
    }
    for (let i = n - 1; i >= 0; i--) {
      for (let j = i + 1; j < n; j++) x[i] = (x[i] ?? 0) - at(i, j) * (x[j] ?? 0)
      x[i] = (x[i] ?? 0) / at(i, i)
    }
    return x
  }
}

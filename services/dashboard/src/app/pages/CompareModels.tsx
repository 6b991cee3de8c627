export function CompareModels() {
  return <p>Coming next.</p>
}

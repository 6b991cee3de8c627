export function Definitions() {
  return <p>Coming next.</p>
}

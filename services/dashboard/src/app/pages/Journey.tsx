export function Journey() {
  return <p>Coming next.</p>
}

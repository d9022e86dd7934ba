/** Health: the monitor's history. */
export function HealthScreen() {
  return <h2>Health</h2>;
}

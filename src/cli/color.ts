/** NO_COLOR wins, then FORCE_COLOR, then --no-color, then whether stdout is a terminal. */
export function colorLevel(input: { flag: boolean; env: NodeJS.ProcessEnv; isTTY: boolean }): 0 | 1 | 2 | 3 {
  const { env } = input;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  if (env.FORCE_COLOR !== undefined) {
    const forced = env.FORCE_COLOR === '' || env.FORCE_COLOR === 'true' ? 1 : Number(env.FORCE_COLOR);
    if (forced === 0 || env.FORCE_COLOR === 'false') return 0;
    return (Math.min(Math.max(forced || 1, 1), 3) as 1 | 2 | 3);
  }
  if (!input.flag) return 0;
  return input.isTTY ? 1 : 0;
}

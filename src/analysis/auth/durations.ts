/** Token lifetimes in seconds, from the forms code writes them in. */

export const DAY = 86_400;

const UNIT_SECONDS: Record<string, number> = {
  ms: 0.001, msec: 0.001, msecs: 0.001, millisecond: 0.001, milliseconds: 0.001,
  s: 1, sec: 1, secs: 1, second: 1, seconds: 1,
  m: 60, min: 60, mins: 60, minute: 60, minutes: 60,
  h: 3600, hr: 3600, hrs: 3600, hour: 3600, hours: 3600,
  d: DAY, day: DAY, days: DAY,
  w: 7 * DAY, week: 7 * DAY, weeks: 7 * DAY,
  y: 365.25 * DAY, yr: 365.25 * DAY, yrs: 365.25 * DAY, year: 365.25 * DAY, years: 365.25 * DAY,
};

/**
 * jsonwebtoken/`ms` style: a number is seconds; `'7d'`, `'24h'`, `'30 days'`; a bare numeric
 * string is milliseconds (as `ms` reads it).
 */
export function msStyleSeconds(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  if (!m) return undefined;
  const unit = m[2].toLowerCase();
  if (!unit) return Number(m[1]) / 1000;
  const factor = UNIT_SECONDS[unit];
  return factor === undefined ? undefined : Number(m[1]) * factor;
}

/** Seconds per unit named at the end of a setting (`ACCESS_TOKEN_EXPIRE_MINUTES`). */
export function unitOfName(upperSnakeName: string): number | undefined {
  const m = /_(SECONDS|SECS|SEC|MINUTES|MINS|MIN|HOURS|HRS|DAYS|WEEKS)$/.exec(upperSnakeName);
  return m ? UNIT_SECONDS[m[1].toLowerCase()] : undefined;
}

/** `timedelta(days=7, hours=1)` keyword units. */
export const TIMEDELTA_UNITS: Record<string, number> = {
  weeks: 7 * DAY, days: DAY, hours: 3600, minutes: 60, seconds: 1, milliseconds: 0.001, microseconds: 0.000001,
};

export function describeSeconds(seconds: number): string {
  if (seconds >= DAY) return `${+(seconds / DAY).toFixed(1)} days`;
  if (seconds >= 3600) return `${+(seconds / 3600).toFixed(1)} hours`;
  return `${Math.round(seconds / 60)} minutes`;
}

/**
 * Compose `ports:` entries, short (`"127.0.0.1:8000-8010:8000-8010/tcp"`, `"[::1]:5432:5432"`)
 * and long (`{target, published, host_ip, protocol}`) syntax, after interpolation.
 */

/** Stands for a variable with no known value inside a spec (see `interpolate(…, unsetAs)`). */
export const UNKNOWN = '\u0000';

export interface PortBinding {
  /** The host address, `undefined` when none is given (all interfaces). */
  hostIp?: string;
  /** The host address came from a variable with no known value. */
  hostIpUnknown: boolean;
  /** Host port or range; `undefined` when Docker picks one. */
  published?: string;
  /** Container port range (a single port has start = end); `undefined` when unknown. */
  target?: [number, number];
  protocol: string;
}

/** Parses a short-syntax spec; undefined when it is not one. */
export function parseShortPort(spec: string): PortBinding | undefined {
  let rest = spec.trim();
  let protocol = 'tcp';
  const slash = rest.lastIndexOf('/');
  if (slash >= 0) {
    protocol = rest.slice(slash + 1).toLowerCase();
    rest = rest.slice(0, slash);
  }
  let hostIp: string | undefined;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0) return undefined;
    hostIp = rest.slice(1, close);
    rest = rest.slice(close + 1);
    if (!rest.startsWith(':')) return undefined;
    rest = rest.slice(1);
  }
  const parts = rest.split(':');
  let published: string | undefined;
  let targetText: string;
  if (hostIp !== undefined) {
    if (parts.length !== 2) return undefined;
    [published, targetText] = parts;
  } else if (parts.length === 1) {
    targetText = parts[0];
  } else if (parts.length === 2) {
    [published, targetText] = parts;
  } else if (parts.length === 3) {
    [hostIp, published, targetText] = parts;
  } else {
    // An unbracketed IPv6 address: the last two fields are the ports.
    targetText = parts.pop()!;
    published = parts.pop();
    hostIp = parts.join(':');
  }
  return {
    hostIp: hostIp === '' ? undefined : hostIp,
    hostIpUnknown: hostIp !== undefined && hostIp.includes(UNKNOWN),
    published: published === '' ? undefined : published,
    target: parseRange(targetText),
    protocol,
  };
}

export function parseLongPort(entry: { target?: unknown; published?: unknown; host_ip?: unknown; protocol?: unknown }): PortBinding {
  const hostIp = entry.host_ip === undefined || entry.host_ip === null ? undefined : String(entry.host_ip);
  return {
    hostIp: hostIp === '' ? undefined : hostIp,
    hostIpUnknown: hostIp !== undefined && hostIp.includes(UNKNOWN),
    published: entry.published === undefined || entry.published === null ? undefined : String(entry.published),
    target: entry.target === undefined ? undefined : parseRange(String(entry.target)),
    protocol: entry.protocol ? String(entry.protocol).toLowerCase() : 'tcp',
  };
}

function parseRange(text: string): [number, number] | undefined {
  const match = /^\s*(\d+)(?:\s*-\s*(\d+))?\s*$/.exec(text);
  if (!match) return undefined;
  const start = Number(match[1]);
  const end = match[2] ? Number(match[2]) : start;
  return end >= start ? [start, end] : undefined;
}

/** Loopback or a specific address: not every interface of the host. */
export function bindsAllInterfaces(binding: PortBinding): boolean {
  if (binding.hostIpUnknown) return false;
  const ip = binding.hostIp?.trim().replace(/^\[|\]$/g, '');
  return ip === undefined || ip === '' || ip === '0.0.0.0' || ip === '::' || ip === '*';
}

export function isLoopback(ip: string | undefined): boolean {
  if (!ip) return false;
  const clean = ip.replace(/^\[|\]$/g, '').toLowerCase();
  return clean === 'localhost' || clean === '::1' || /^127\.\d+\.\d+\.\d+$/.test(clean);
}

export function targetIncludes(binding: PortBinding, port: number): boolean {
  return binding.target !== undefined && binding.target[0] <= port && port <= binding.target[1];
}

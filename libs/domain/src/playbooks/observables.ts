/**
 * Observables of a case (the STIX 2.1 cyber-observable kinds responders collect most) and
 * what a case may link to. Each observable is validated and normalised by its type, so the
 * same domain or hash is stored once per case whatever its spelling.
 */
import type { Result } from '@vigil/basics';
import { err, ok } from '@vigil/basics';
import { z } from 'zod';

export const OBSERVABLE_TYPES = ['url', 'domain', 'ipv4', 'ipv6', 'md5', 'sha1', 'sha256', 'email', 'social-account'] as const;
export type ObservableType = (typeof OBSERVABLE_TYPES)[number];
export const ObservableTypeSchema = z.enum(OBSERVABLE_TYPES);

/** What a case links to: reports, detections, STIX objects, assets, ads, claims and other cases. */
export const CASE_LINK_KINDS = ['report', 'detection', 'stix', 'asset', 'ad', 'claim', 'case'] as const;
export type CaseLinkKind = (typeof CASE_LINK_KINDS)[number];
export const CaseLinkKindSchema = z.enum(CASE_LINK_KINDS);

const DOMAIN_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HEX_LENGTH: Record<'md5' | 'sha1' | 'sha256', number> = { md5: 32, sha1: 40, sha256: 64 };
const EMAIL = /^[^\s@<>()[\]\\,;:"]{1,64}@([^\s@]+)$/;
const SOCIAL = /^([a-z0-9][a-z0-9.-]{0,39}):(@?[\p{L}\p{N}_.-]{1,100})$/u;

function normaliseDomain(value: string): string | null {
  const domain = value.trim().toLowerCase().replace(/\.$/, '');
  if (domain.length > 253) return null;
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((label) => DOMAIN_LABEL.test(label))) return null;
  // The top-level label is never all digits (that would be an IPv4 address).
  if (/^\d+$/.test(labels[labels.length - 1] ?? '')) return null;
  return domain;
}

function normaliseIpv6(value: string): string | null {
  const candidate = value.trim();
  if (!/^[0-9a-fA-F:.]+$/.test(candidate) || !candidate.includes(':')) return null;
  try {
    // The URL parser implements RFC 4291 text forms and gives the RFC 5952 canonical one.
    const host = new URL(`http://[${candidate}]/`).hostname;
    return host.slice(1, -1);
  } catch {
    return null;
  }
}

/**
 * Validates `value` as an observable of `type` and returns its normal form, or why it is not
 * one. URLs must be absolute http(s) URLs; social accounts are written `platform:handle`.
 */
export function normaliseObservable(type: ObservableType, value: string): Result<string, string> {
  const trimmed = value.trim();
  if (trimmed.length === 0) return err('required');
  if (trimmed.length > 2048) return err('at most 2048 characters');
  switch (type) {
    case 'url': {
      let url: URL;
      try {
        url = new URL(trimmed);
      } catch {
        return err('not an absolute URL');
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') return err('only http and https URLs');
      if (url.hostname === '') return err('a URL needs a host');
      return ok(url.href);
    }
    case 'domain': {
      const domain = normaliseDomain(trimmed);
      return domain === null ? err('not a domain name (labels of letters, digits and hyphens, with a dot)') : ok(domain);
    }
    case 'ipv4':
      return IPV4.test(trimmed) ? ok(trimmed) : err('not an IPv4 address (four numbers 0–255, no leading zeros)');
    case 'ipv6': {
      const address = normaliseIpv6(trimmed);
      return address === null ? err('not an IPv6 address') : ok(address);
    }
    case 'md5':
    case 'sha1':
    case 'sha256': {
      const length = HEX_LENGTH[type];
      const hash = trimmed.toLowerCase();
      return new RegExp(`^[0-9a-f]{${length}}$`).test(hash) ? ok(hash) : err(`not a ${type.toUpperCase()} hash (${length} hexadecimal digits)`);
    }
    case 'email': {
      const match = EMAIL.exec(trimmed);
      const domain = match?.[1] === undefined ? null : normaliseDomain(match[1]);
      if (!match || domain === null) return err('not an e-mail address');
      return ok(`${trimmed.slice(0, trimmed.lastIndexOf('@'))}@${domain}`);
    }
    case 'social-account': {
      const match = SOCIAL.exec(trimmed);
      if (!match) return err('write a social account as platform:handle, e.g. x:@example');
      return ok(`${match[1]}:${(match[2] ?? '').toLowerCase()}`);
    }
    default: {
      const unknown: never = type;
      throw new Error(`unknown observable type ${String(unknown)}`);
    }
  }
}

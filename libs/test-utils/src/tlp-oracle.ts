import type { Tlp } from '@vigil/domain';

/** A version of a shared object as the TLP property tests draw it: organisations are indexes. */
export interface OracleMarking {
  readonly tlp: Tlp;
  readonly producer: number;
  readonly recipients: readonly number[];
}

/**
 * TLP 2.0 written from FIRST's definitions, independently of the policy module: may a caller
 * belonging to the organisations `mine` see `version`, shared into a community of `community`?
 * The property tests of the TAXII server and of the web API hold the server to it.
 */
export function tlpOracle(mine: readonly number[], version: OracleMarking, community: readonly number[]): boolean {
  if (version.tlp === 'clear') return true;
  if (mine.includes(version.producer)) return true;
  switch (version.tlp) {
    case 'green':
      return mine.some((org) => community.includes(org));
    case 'amber':
      return mine.some((org) => community.includes(org) && version.recipients.includes(org));
    case 'amber+strict':
      return false;
    case 'red':
      return mine.some((org) => version.recipients.includes(org));
  }
}

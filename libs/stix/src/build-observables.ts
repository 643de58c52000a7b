/**
 * Builders for the cyber-observable objects the platform publishes (STIX 2.1 OASIS
 * Standard: 6.4 domain-name, 6.7 file, 6.8 ipv4-addr, 6.15 url, 6.16 user-account), with
 * deterministic UUIDv5 ids (section 2.9; sco-id.ts), and STIX patterns that match them for
 * indicators (section 9).
 */
import { assert, assertDefined, throwIllegalValue } from '@vigil/basics';
import { deterministicScoId } from './sco-id';
import type { StixId, StixObject } from './stix-object';
import { anyOfPattern, type PatternComparison } from './stix-pattern';
import { TLP_MARKING_IDS, type TlpLevel } from './tlp';

/** Markings an observable may carry (section 6.1 common properties). */
export interface ObservableInput {
  readonly tlp?: TlpLevel;
  readonly markingRefs?: readonly StixId<'marking-definition'>[];
}

/** The common properties of a built observable. */
export interface BuiltObservable<T extends string> extends StixObject {
  readonly type: T;
  readonly spec_version: '2.1';
  readonly id: StixId<T>;
}

function observable<T extends string, P extends Record<string, unknown>>(
  type: T,
  properties: P,
  input: ObservableInput,
): BuiltObservable<T> & P {
  const present = Object.fromEntries(
    Object.entries(properties).filter(([, value]) => value !== undefined),
  ) as P;
  const id = assertDefined(
    deterministicScoId(type, present),
    `${type} has none of its id contributing properties`,
  );
  const markings = [
    ...new Set([
      ...(input.tlp === undefined ? [] : [TLP_MARKING_IDS[input.tlp]]),
      ...(input.markingRefs ?? []),
    ]),
  ];
  return {
    type,
    spec_version: '2.1',
    id,
    ...present,
    ...(markings.length > 0 ? { object_marking_refs: markings } : {}),
  };
}

/** A url (section 6.15). */
export type Url = BuiltObservable<'url'> & { readonly value: string };

/** Builds a url observable. */
export function buildUrl(input: ObservableInput & { readonly value: string }): Url {
  return observable('url', { value: input.value }, input);
}

/** A domain-name (section 6.4). */
export type DomainName = BuiltObservable<'domain-name'> & { readonly value: string };

/** Builds a domain-name observable. */
export function buildDomainName(input: ObservableInput & { readonly value: string }): DomainName {
  return observable('domain-name', { value: input.value }, input);
}

/** An ipv4-addr (section 6.8): an address or a CIDR block. */
export type Ipv4Addr = BuiltObservable<'ipv4-addr'> & { readonly value: string };

/** Builds an ipv4-addr observable. */
export function buildIpv4Addr(input: ObservableInput & { readonly value: string }): Ipv4Addr {
  return observable('ipv4-addr', { value: input.value }, input);
}

/** Hash algorithm name → hex digest (section 2.7 hashes, hash-algorithm-ov). */
export type Hashes = Readonly<Record<string, string>>;

/** A file (section 6.7). */
export type File = BuiltObservable<'file'> & {
  readonly hashes?: Hashes;
  readonly name?: string;
  readonly size?: number;
  readonly mime_type?: string;
};

/** Builds a file observable from its hashes and/or name (at least one of them). */
export function buildFile(
  input: ObservableInput & {
    readonly hashes?: Hashes;
    readonly name?: string;
    readonly size?: number;
    readonly mimeType?: string;
  },
): File {
  const hashes =
    input.hashes !== undefined && Object.keys(input.hashes).length > 0 ? input.hashes : undefined;
  assert(hashes !== undefined || input.name !== undefined, 'a file has hashes or a name');
  return observable(
    'file',
    { hashes, name: input.name, size: input.size, mime_type: input.mimeType },
    input,
  );
}

/** A user-account (section 6.16), e.g. a social-media account. */
export type UserAccount = BuiltObservable<'user-account'> & {
  readonly user_id?: string;
  readonly account_login?: string;
  readonly account_type?: string;
  readonly display_name?: string;
};

/** Builds a user-account observable (for example `accountType: 'twitter'`, `userId: '12345'`). */
export function buildUserAccount(
  input: ObservableInput & {
    readonly userId?: string;
    readonly accountLogin?: string;
    readonly accountType?: string;
    readonly displayName?: string;
  },
): UserAccount {
  return observable(
    'user-account',
    {
      user_id: input.userId,
      account_login: input.accountLogin,
      account_type: input.accountType,
      display_name: input.displayName,
    },
    input,
  );
}

/** An observable this module builds. */
export type PublishedObservable = Url | DomainName | Ipv4Addr | File | UserAccount;

/**
 * The comparisons that identify `observable` in a pattern: its value, its hashes, or its
 * account id and type.
 */
export function observableComparisons(observable: PublishedObservable): PatternComparison[] {
  switch (observable.type) {
    case 'url':
    case 'domain-name':
    case 'ipv4-addr':
      return [{ objectType: observable.type, path: ['value'], value: observable.value }];
    case 'file': {
      const file = observable;
      const byHash = Object.entries(file.hashes ?? {}).map(([algorithm, digest]) => ({
        objectType: 'file',
        path: ['hashes', algorithm],
        value: digest,
      }));
      return byHash.length > 0
        ? byHash
        : [{ objectType: 'file', path: ['name'], value: assertDefined(file.name) }];
    }
    case 'user-account': {
      const account = observable;
      const key = account.user_id === undefined ? 'account_login' : 'user_id';
      return [
        {
          objectType: 'user-account',
          path: [key],
          value: assertDefined(
            account.user_id ?? account.account_login,
            'an account without id or login',
          ),
        },
      ];
    }
    default:
      return throwIllegalValue(observable, 'observable');
  }
}

/** A STIX pattern matching any of `observables`, for an indicator. */
export function patternForObservables(observables: readonly PublishedObservable[]): string {
  return anyOfPattern(observables.flatMap(observableComparisons));
}

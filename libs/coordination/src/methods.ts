/**
 * The coordination behaviours Vigil detects. Each pairwise method links two accounts that
 * act on the same object (a repost target, a canonical URL, a reply target, a hashtag, a text,
 * a near-duplicate text cluster, a moment in time) within a time window of each other.
 * `creation-burst` is account-level: accounts created in an improbable burst.
 */
export type Method =
  | 'co-repost'
  | 'co-link'
  | 'co-reply'
  | 'co-hashtag'
  | 'identical-text'
  | 'near-duplicate-text'
  | 'synchronised-activity'
  | 'creation-burst';

/** Every method, in output order. */
export const allMethods: readonly Method[] = [
  'co-repost',
  'co-link',
  'co-reply',
  'co-hashtag',
  'identical-text',
  'near-duplicate-text',
  'synchronised-activity',
  'creation-burst',
];

/** The methods that produce account pairs (edges). */
export type PairMethod = Exclude<Method, 'creation-burst'>;

/** Tells whether `method` produces edges. */
export function isPairMethod(method: Method): method is PairMethod {
  return method !== 'creation-burst';
}

/** Parses a method name (as typed on the command line). */
export function parseMethod(name: string): Method | undefined {
  const aliases: Record<string, Method> = {
    'co-retweet': 'co-repost',
    'co-tweet': 'identical-text',
    'co-similar': 'near-duplicate-text',
    'near-duplicate': 'near-duplicate-text',
    'co-text': 'identical-text',
    sync: 'synchronised-activity',
    'synchronized-activity': 'synchronised-activity',
    'account-creation': 'creation-burst',
  };
  const normalised = name.trim().toLowerCase();
  return (allMethods as readonly string[]).includes(normalised) ? (normalised as Method) : aliases[normalised];
}

/** Thresholds of one method. */
export interface MethodSettings {
  /**
   * Seconds: two actions are coordinated when their times can be this close. With timestamps
   * of resolution r seconds (60 for minute data) a recorded difference d qualifies when
   * d < window + r, i.e. when the true difference can be at most `window`.
   */
  readonly window: number;
  /** Minimum number of co-shares (posts of each account with an in-window partner) for an edge of this method. */
  readonly minShared: number;
}

/** Default thresholds (windows after coordination-network-toolkit's 60 s default). */
export const defaultMethodSettings: Readonly<Record<Method, MethodSettings>> = {
  'co-repost': { window: 60, minShared: 2 },
  'co-link': { window: 60, minShared: 2 },
  'co-reply': { window: 60, minShared: 2 },
  'co-hashtag': { window: 60, minShared: 3 },
  'identical-text': { window: 60, minShared: 2 },
  'near-duplicate-text': { window: 60, minShared: 2 },
  // Scheduled posting lands in the same second; a wider window pairs everyone who is awake.
  'synchronised-activity': { window: 1, minShared: 3 },
  // Width of a creation-time bin (one day: the IO archive gives creation dates) and the
  // minimum number of accounts in a burst.
  'creation-burst': { window: 86_400, minShared: 5 },
};

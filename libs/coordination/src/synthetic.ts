import { closeSync, openSync, writeSync } from 'node:fs';
import type { Method } from './methods';
import { createPrng, type Prng } from './prng';

/**
 * A seeded synthetic social-media data set with planted coordination, for tests and benchmarks.
 *
 * Organic accounts post originals (random text, sometimes a popular URL in a random tracking
 * variant, sometimes popular hashtags), repost and reply to popular posts with Zipf-distributed
 * popularity and exponential delays after the original (so viral posts draw bursts of
 * near-simultaneous reposts), at heterogeneous (Pareto) rates. Hyperactive organic accounts
 * behave the same at many times the rate: they must not be flagged.
 *
 * Planted groups act together on `episodes` occasions, each member within `jitterSeconds` of
 * the episode's time, and post organic noise in between:
 * co-repost (same target), co-link (same page in different URL variants), co-reply (same
 * target), co-hashtag (a campaign hashtag), identical-text (same text), near-duplicate-text
 * (the same text with one word changed per member), synchronised-activity (unrelated posts in the
 * same second) and creation-burst (accounts created within `creationBurstSeconds` of one another).
 *
 * The CSV has the generic format's columns:
 * `account_id,post_id,timestamp,text,urls,repost_of,reply_to,hashtags,account_created`.
 */

/** Parameters of the generator; every field has a default. */
export interface SyntheticOptions {
  readonly seed: number;
  readonly organicAccounts: number;
  /** Mean posts of an organic account. */
  readonly postsPerAccount: number;
  readonly hyperactiveAccounts: number;
  /** Rate multiplier of hyperactive accounts. */
  readonly hyperactivity: number;
  readonly groupsPerMethod: number;
  readonly groupSize: number;
  readonly episodes: number;
  readonly jitterSeconds: number;
  /**
   * Seconds over which a creation-burst group's accounts are registered (default ten minutes: a
   * batch registered by a script). The burst's signal does not grow with the data set while the
   * organic baseline does: a group of 24 spread over a whole day is lost among the ~27 organic
   * accounts created each day from 2 M posts on (and the ~265 from 20 M), whatever the test.
   */
  readonly creationBurstSeconds: number;
  readonly days: number;
  /** Epoch seconds of the first day. */
  readonly start: number;
}

/** Defaults: about 50,000 posts. */
export const defaultSyntheticOptions: SyntheticOptions = {
  seed: 1,
  organicAccounts: 2000,
  postsPerAccount: 20,
  hyperactiveAccounts: 20,
  hyperactivity: 40,
  groupsPerMethod: 2,
  groupSize: 8,
  episodes: 8,
  jitterSeconds: 20,
  creationBurstSeconds: 600,
  days: 30,
  start: Date.UTC(2024, 8, 1) / 1000,
};

/** The planted truth. */
export interface SyntheticTruth {
  readonly posts: number;
  readonly accounts: number;
  readonly groups: readonly { readonly method: Method; readonly accounts: readonly string[] }[];
  readonly hyperactive: readonly string[];
}

/** The methods with planted groups. */
export const plantedMethods: readonly Method[] = [
  'co-repost',
  'co-link',
  'co-reply',
  'co-hashtag',
  'identical-text',
  'near-duplicate-text',
  'synchronised-activity',
  'creation-burst',
];

interface Post {
  readonly account: string;
  readonly time: number;
  readonly text?: string;
  readonly urls?: readonly string[];
  readonly repostOf?: string;
  readonly replyTo?: string;
  readonly hashtags?: readonly string[];
}

function zipfSampler(size: number, exponent: number, random: Prng): () => number {
  const cumulative = new Float64Array(size);
  let total = 0;
  for (let i = 0; i < size; i += 1) {
    total += 1 / (i + 1) ** exponent;
    cumulative[i] = total;
  }
  return () => {
    const target = random.next() * total;
    let lo = 0;
    let hi = size - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? 0) < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Writes the data set to `path` (CSV) and returns the planted truth. */
export function writeSyntheticDataset(path: string, overrides: Partial<SyntheticOptions> = {}): SyntheticTruth {
  const options = { ...defaultSyntheticOptions, ...overrides };
  const random = createPrng(options.seed);
  const duration = options.days * 86_400;
  const fd = openSync(path, 'w');
  let buffer: string[] = [];
  let bufferedChars = 0;
  let posts = 0;
  const flush = (): void => {
    if (buffer.length === 0) return;
    writeSync(fd, buffer.join(''));
    buffer = [];
    bufferedChars = 0;
  };
  const createdOf = new Map<string, number>();
  const emit = (post: Post): void => {
    posts += 1;
    const line = [
      post.account,
      `p${posts}`,
      String(Math.floor(post.time)),
      csvCell(post.text ?? ''),
      csvCell((post.urls ?? []).join(' ')),
      post.repostOf ?? '',
      post.replyTo ?? '',
      csvCell((post.hashtags ?? []).join(' ')),
      String(createdOf.get(post.account) ?? ''),
    ].join(',');
    buffer.push(line, '\n');
    bufferedChars += line.length + 1;
    if (bufferedChars > 1 << 20) flush();
  };
  writeSync(fd, 'account_id,post_id,timestamp,text,urls,repost_of,reply_to,hashtags,account_created\n');

  const vocabulary = 20_000;
  const word = zipfSampler(vocabulary, 0.8, random);
  const sentence = (n: number): string => Array.from({ length: n }, () => `w${word().toString(36)}`).join(' ');
  const popularPosts = Math.max(100, Math.floor(options.organicAccounts / 4));
  const popular = zipfSampler(popularPosts, 1.1, random);
  const popularBirth = Float64Array.from({ length: popularPosts }, () => random.next() * duration);
  const urlPool = zipfSampler(Math.max(100, Math.floor(options.organicAccounts / 2)), 1.0, random);
  const tagPool = zipfSampler(2000, 1.0, random);
  const urlVariants = [
    (u: number) => `https://www.news${u % 97}.example/story/${u}`,
    (u: number) => `http://news${u % 97}.example/story/${u}/`,
    (u: number) => `https://m.news${u % 97}.example/story/${u}?utm_source=twitter&utm_medium=social`,
    (u: number) => `https://news${u % 97}.example/story/${u}?fbclid=IwAR${u}`,
  ];
  const exponential = (mean: number): number => -Math.log(1 - random.next()) * mean;
  const at = (time: number): number => options.start + Math.min(duration - 1, Math.max(0, time));

  // An account reposts or replies to a given post at most once (as on the platforms).
  let actedOn = new Set<number>();
  const fresh = (): number | undefined => {
    for (let attempt = 0; attempt < 8; attempt += 1) {
      const target = popular();
      if (!actedOn.has(target)) {
        actedOn.add(target);
        return target;
      }
    }
    return undefined;
  };
  const originalPost = (account: string): Post => {
    const time = at(random.next() * duration);
    const urls = random.next() < 0.25 ? [urlVariants[random.int(4)]?.(urlPool()) ?? ''] : [];
    const hashtags = random.next() < 0.3 ? Array.from({ length: 1 + random.int(3) }, () => `tag${tagPool()}`) : [];
    return { account, time, text: sentence(8 + random.int(14)), urls, hashtags };
  };
  const organicPost = (account: string): Post => {
    const kind = random.next();
    if (kind < 0.5) {
      const target = fresh();
      if (target === undefined) return originalPost(account);
      if (kind < 0.4) return { account, time: at((popularBirth[target] ?? 0) + exponential(7200)), repostOf: `viral${target}` };
      return { account, time: at((popularBirth[target] ?? 0) + exponential(10_800)), replyTo: `viral${target}`, text: sentence(6 + random.int(10)) };
    }
    return originalPost(account);
  };
  const startAccount = (): void => {
    actedOn = new Set<number>();
  };
  // Creation times to the second, like the planted batches' (dated organic accounts next to timed
  // batches would be data of mixed resolution). The time of day comes from a hash of the account
  // number, not from the generator's stream, so every other value stays as it was.
  const timeOfDay = (n: number): number => {
    let h = Math.imul(n + 0x9e3779b9, 0x85ebca6b) >>> 0;
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
    return (h ^ (h >>> 16)) % 86_400;
  };
  let organicCount = 0;
  const organicCreated = (): number => options.start - 86_400 * (30 + random.int(3650)) + timeOfDay(organicCount++);

  // Organic accounts, with Pareto-distributed activity.
  let accountCount = 0;
  for (let i = 0; i < options.organicAccounts; i += 1) {
    const account = `o${i}`;
    startAccount();
    accountCount += 1;
    createdOf.set(account, organicCreated());
    const activity = Math.max(1, Math.round((options.postsPerAccount / 3) * (1 - random.next()) ** (-1 / 1.5)));
    for (let k = 0; k < Math.min(activity, options.postsPerAccount * 50); k += 1) emit(organicPost(account));
    createdOf.delete(account);
  }
  const hyperactive: string[] = [];
  for (let i = 0; i < options.hyperactiveAccounts; i += 1) {
    const account = `h${i}`;
    startAccount();
    hyperactive.push(account);
    accountCount += 1;
    createdOf.set(account, organicCreated());
    for (let k = 0; k < options.postsPerAccount * options.hyperactivity; k += 1) emit(organicPost(account));
    createdOf.delete(account);
  }

  // Planted groups.
  const groups: { method: Method; accounts: string[] }[] = [];
  for (const method of plantedMethods) {
    for (let g = 0; g < options.groupsPerMethod; g += 1) {
      const size = method === 'creation-burst' ? options.groupSize * 3 : options.groupSize;
      const members = Array.from({ length: size }, (_, i) => `${method}-${g}-${i}`);
      groups.push({ method, accounts: members });
      accountCount += members.length;
      const burstDay = options.start - 86_400 * (100 + random.int(3000));
      for (const member of members) {
        startAccount();
        createdOf.set(
          member,
          method === 'creation-burst' ? burstDay + random.int(Math.max(1, Math.min(86_400, options.creationBurstSeconds))) : organicCreated(),
        );
        // Organic noise between the episodes.
        for (let k = 0; k < options.postsPerAccount; k += 1) emit(organicPost(member));
      }
      if (method === 'creation-burst') continue;
      for (let e = 0; e < options.episodes; e += 1) {
        const time = random.next() * (duration - 3600);
        const campaignTag = `campaign${method.length}x${g}`;
        const episodeText = sentence(20);
        const target = `planted-${method}-${g}-${e}`;
        const page = 1_000_000 + groups.length * 1000 + e;
        const templateWords = sentence(40).split(' ');
        members.forEach((member, index) => {
          const when = at(method === 'synchronised-activity' ? time : time + random.next() * options.jitterSeconds);
          switch (method) {
            case 'co-repost':
              emit({ account: member, time: when, repostOf: target });
              break;
            case 'co-link':
              emit({ account: member, time: when, text: sentence(12), urls: [urlVariants[index % 4]?.(page) ?? ''] });
              break;
            case 'co-reply':
              emit({ account: member, time: when, replyTo: target, text: sentence(10) });
              break;
            case 'co-hashtag':
              emit({ account: member, time: when, text: sentence(12), hashtags: [campaignTag] });
              break;
            case 'identical-text':
              emit({ account: member, time: when, text: `${episodeText} #${campaignTag}x` });
              break;
            case 'near-duplicate-text': {
              const words = [...templateWords];
              words[(index * 7 + e) % words.length] = `edit${index}`;
              emit({ account: member, time: when, text: `@user${random.int(1000)} ${words.join(' ')}` });
              break;
            }
            case 'synchronised-activity':
              emit({ account: member, time: when, text: sentence(12) });
              break;
            default:
              break;
          }
        });
      }
    }
  }
  flush();
  closeSync(fd);
  return { posts, accounts: accountCount, groups, hyperactive };
}

import { createPrng } from './prng';

/**
 * A small CooRTweet-format CSV (`object_id,account_id,content_id,timestamp_share`) with
 * planted co-repost groups, for server and browser tests and demos: `organicAccounts`
 * accounts repost objects drawn from a large pool at random times over `days` days; each
 * planted group's accounts repost the same `episodes` objects within `jitterSeconds` of each
 * other. Deterministic for a seed.
 */
export function coortweetSample(options: {
  readonly seed?: number;
  readonly organicAccounts?: number;
  readonly postsPerAccount?: number;
  readonly groups?: number;
  readonly groupSize?: number;
  readonly episodes?: number;
  readonly jitterSeconds?: number;
  readonly days?: number;
  /** Epoch seconds of the first day. */
  readonly start?: number;
} = {}): { readonly csv: string; readonly groups: readonly (readonly string[])[]; readonly rows: number } {
  const random = createPrng(options.seed ?? 7);
  const organic = options.organicAccounts ?? 120;
  const perAccount = options.postsPerAccount ?? 6;
  const groupCount = options.groups ?? 2;
  const groupSize = options.groupSize ?? 5;
  const episodes = options.episodes ?? 6;
  const jitter = options.jitterSeconds ?? 20;
  const span = (options.days ?? 10) * 86_400;
  const start = options.start ?? Date.UTC(2024, 8, 1) / 1000;
  const hex = (prefix: string, n: number): string => `${prefix}${n.toString(16).padStart(6, '0')}`;
  const rows: string[] = ['object_id,account_id,content_id,timestamp_share'];
  let content = 0;
  const add = (object: string, account: string, time: number): void => {
    content += 1;
    rows.push(`${object},${account},${hex('c', content)},${Math.floor(time)}`);
  };
  for (let account = 0; account < organic; account += 1) {
    for (let post = 0; post < perAccount; post += 1) add(hex('o', random.int(organic * perAccount * 4)), hex('user', account), start + random.int(span));
  }
  const groups: string[][] = [];
  for (let group = 0; group < groupCount; group += 1) {
    const members = Array.from({ length: groupSize }, (_, index) => hex(`g${group}m`, index));
    groups.push(members);
    for (let episode = 0; episode < episodes; episode += 1) {
      const object = hex(`g${group}e`, episode);
      const time = start + random.int(span - 3600);
      for (const member of members) add(object, member, time + random.int(jitter));
    }
  }
  return { csv: `${rows.join('\n')}\n`, groups, rows: rows.length - 1 };
}

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openDatabase, queryRows, type Database } from './database';
import { fileTypeOf, importPosts } from './import-posts';

let db: Database;
const dir = mkdtempSync(join(tmpdir(), 'vigil-import-'));
const russian = new URL('../../../../shared/data/coortweet/russian_coord_tweets.csv.gz', import.meta.url).pathname;

beforeAll(async () => {
  db = await openDatabase();
});
afterAll(() => db.close());

const ioHeader =
  'tweetid,userid,user_display_name,user_screen_name,user_reported_location,user_profile_description,user_profile_url,follower_count,following_count,account_creation_date,account_language,tweet_language,tweet_text,tweet_time,tweet_client_name,in_reply_to_userid,in_reply_to_tweetid,quoted_tweet_tweetid,is_retweet,retweet_userid,retweet_tweetid,latitude,longitude,quote_count,reply_count,like_count,retweet_count,hashtags,urls,user_mentions,poll_choices';

function ioRow(values: { id: string; user: string; text: string; time: string; rt?: string; urls?: string; tags?: string }): string {
  const cells = [
    values.id, values.user, 'Name', 'screen', 'Here', 'bio', '', '10', '20', '2017-01-02', 'en', 'en',
    `"${values.text}"`, values.time, 'Twitter Web Client', '', '', '', values.rt === undefined ? 'False' : 'True', '', values.rt ?? '',
    '', '', '0', '0', '0', '0', `"${values.tags ?? '[]'}"`, `"${values.urls ?? '[]'}"`, '[]', '',
  ];
  return cells.join(',');
}

test('the IO archive preset reads 31 columns, lists, minute times and reports bad rows by line', async () => {
  const file = join(dir, 'io.csv');
  writeFileSync(
    file,
    [
      ioHeader,
      ioRow({ id: '1', user: 'u1', text: 'hello, world', time: '2019-03-01 10:15', tags: '[Election, vote]', urls: '[https://www.example.com/a?utm_source=x]' }),
      ioRow({ id: '2', user: 'u2', text: 'RT @u1: hello', time: '2019-03-01 10:16', rt: '1' }),
      ioRow({ id: '3', user: '', text: 'no account', time: '2019-03-01 10:17' }),
      ioRow({ id: '4', user: 'u3', text: 'bad time', time: 'yesterday' }),
      '5,u4,too,few,columns',
      ioRow({ id: '2', user: 'u2', text: 'RT @u1: hello', time: '2019-03-01 10:16', rt: '1' }),
      ioRow({ id: '6', user: 'u4', text: 'multi\nline text', time: '2019-03-01 10:19' }),
      ioRow({ id: '7', user: 'u4', text: 'after', time: '2019-03-01 10:20' }),
    ].join('\n') + '\n',
  );
  const result = await importPosts({ connection: db.connection, input: file, format: 'io-archive' });
  if (!result.ok) expect(result.error).toBeUndefined();
  if (!result.ok) return;
  const summary = result.value;
  expect(summary.rowsRead).toBe(8);
  expect(summary.rowsKept).toBe(4);
  expect(summary.timeResolution).toBe(60);
  expect(summary.badRows.map((row) => [row.line, row.reason])).toEqual([
    [4, 'missing-account'],
    [5, 'invalid-time'],
    [6, 'malformed-row'],
    [7, 'duplicate-row'],
  ]);
  expect(summary.rejectedByReason['malformed-row']).toBe(1);
  const posts = await queryRows(db.connection, 'SELECT line, post_id, ts, repost_of, hashtags, urls FROM posts ORDER BY line');
  expect(posts.map((post) => post['line'])).toEqual([2, 3, 8, 9]);
  expect(posts[0]?.['hashtags']).toEqual(['election', 'vote']);
  expect(posts[0]?.['urls']).toEqual(['https://www.example.com/a?utm_source=x']);
  expect(posts[0]?.['ts']).toBe(Date.UTC(2019, 2, 1, 10, 15) / 1000);
  expect(posts[1]?.['repost_of']).toBe('1');
  const accounts = await queryRows(db.connection, 'SELECT account, created FROM accounts ORDER BY account');
  expect(accounts[0]?.['created']).toBe(Date.UTC(2017, 0, 2) / 1000);
});

test('the coordination-network-toolkit CSV is read by position', async () => {
  const file = join(dir, 'cnt.csv.gz');
  const csv = [
    'message_id,user_id,username,repost_id,reply_id,message,timestamp,urls',
    '0,uid0,username0,rtid0,,"Example tweet from uid0",0,""',
    '1,uid1,username1,rtid0,,"Example tweet from uid1",59,"https://a.example/x https://b.example/y"',
    '2,uid2,username2,,r9,"Reply",70,""',
  ].join('\n');
  writeFileSync(file, gzipSync(csv));
  const result = await importPosts({ connection: db.connection, input: file, format: 'cnt' });
  expect(result.ok && result.value.rowsKept).toBe(3);
  expect(result.ok && result.value.timeResolution).toBe(1);
  const posts = await queryRows(db.connection, 'SELECT post_id, repost_of, reply_to, urls FROM posts ORDER BY line');
  expect(posts[1]?.['urls']).toEqual(['https://a.example/x', 'https://b.example/y']);
  expect(posts[2]?.['reply_to']).toBe('r9');
  expect(posts[0]?.['repost_of']).toBe('rtid0');
});

test('JSON lines: invalid lines are reported, arrays become lists', async () => {
  const file = join(dir, 'posts.jsonl');
  writeFileSync(
    file,
    [
      JSON.stringify({ account_id: 'a', post_id: 'p1', timestamp: '2021-09-01T10:00:00Z', text: 'x', hashtags: ['#One', 'two'] }),
      '{not json',
      JSON.stringify({ account_id: 'b', post_id: 'p2', timestamp: 1630490401, url: 'https://example.org/' }),
    ].join('\n') + '\n',
  );
  const result = await importPosts({ connection: db.connection, input: file, format: 'generic' });
  if (!result.ok) expect(result.error).toBeUndefined();
  if (!result.ok) return;
  expect(result.value.rowsKept).toBe(2);
  expect(result.value.badRows).toEqual([{ line: 2, reason: 'invalid-json', detail: 'not a JSON object' }]);
  const posts = await queryRows(db.connection, 'SELECT hashtags, ts FROM posts ORDER BY line');
  expect(posts[0]?.['hashtags']).toEqual(['one', 'two']);
  expect(posts[1]?.['ts']).toBe(1630490401);
});

test('Parquet with a generic mapping', async () => {
  const file = join(dir, 'posts.parquet');
  await db.connection.run(
    `COPY (SELECT 'acc' || (i % 3) AS who, i AS pid, TIMESTAMP '2021-01-01 00:00:00' + to_seconds(i) AS at FROM range(10) t(i)) TO '${file}' (FORMAT parquet)`,
  );
  const result = await importPosts({ connection: db.connection, input: file, format: 'generic', mapping: { account: 'who', postId: 'pid', time: 'at' } });
  expect(result.ok && result.value.rowsKept).toBe(10);
  expect(result.ok && result.value.accounts).toBe(3);
});

test('missing required columns and unreadable files are typed errors', async () => {
  const file = join(dir, 'nothing.csv');
  writeFileSync(file, 'a,b\n1,2\n');
  const missing = await importPosts({ connection: db.connection, input: file, format: 'coortweet' });
  expect(!missing.ok && missing.error.type).toBe('missing-columns');
  const absent = await importPosts({ connection: db.connection, input: join(dir, 'absent.csv'), format: 'generic' });
  expect(!absent.ok && absent.error.type).toBe('input-not-found');
  const empty = join(dir, 'empty-rows.csv');
  writeFileSync(empty, 'account_id,timestamp\n,1\nx,\n');
  const none = await importPosts({ connection: db.connection, input: empty, format: 'generic' });
  expect(!none.ok && none.error.type).toBe('no-valid-rows');
});

test('the real CooRTweet Russian data set imports completely', async () => {
  const result = await importPosts({ connection: db.connection, input: russian, format: 'coortweet' });
  if (!result.ok) expect(result.error).toBeUndefined();
  if (!result.ok) return;
  expect(result.value.rowsKept).toBe(35_124);
  expect(result.value.accounts).toBe(9_509);
  // One row repeats another exactly (line 17405); the 39 posts that share two objects keep both rows.
  expect(result.value.rowsRejected).toBe(1);
  expect(result.value.badRows[0]).toMatchObject({ line: 17_405, reason: 'duplicate-row' });
  expect(result.value.reposts).toBe(35_124);
});

test('file types come from the name', () => {
  expect(fileTypeOf('a.csv.gz')).toBe('csv');
  expect(fileTypeOf('a.NDJSON')).toBe('jsonl');
  expect(fileTypeOf('a.parquet')).toBe('parquet');
});

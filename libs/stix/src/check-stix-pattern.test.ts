import { expect, test } from 'vitest';
import { checkStixPattern } from './check-stix-pattern';

// Examples from the STIX 2.1 OASIS Standard, section 9.9 "Pattern Examples" and 9.x operators.
test.each([
  "[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
  "[email-message:from_ref.value MATCHES '.+\\\\@example\\\\.com$' AND email-message:body_multipart[*].body_raw_ref.name MATCHES '^Final Report.+\\\\.exe$']",
  "[file:hashes.MD5 = '79054025255fb1a26e4bc422aef54eb4'] FOLLOWEDBY [windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\foo\\\\bar'] WITHIN 300 SECONDS",
  "[user-account:account_type = 'unix' AND user-account:user_id = '1007' AND user-account:account_login = 'Peter'] AND [user-account:account_type = 'unix' AND user-account:user_id = '1008' AND user-account:account_login = 'Paul']",
  "[artifact:mime_type = 'application/vnd.tcpdump.pcap' AND artifact:payload_bin MATCHES '\\\\xd4\\\\xc3\\\\xb2\\\\xa1\\\\x02\\\\x00\\\\x04\\\\x00']",
  "[file:name = 'foo.dll' AND file:parent_directory_ref.path = 'C:\\\\Windows\\\\System32']",
  "[file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.0]",
  "[network-traffic:dst_ref.type = 'ipv4-addr' AND network-traffic:dst_ref.value = '203.0.113.33/32']",
  "[domain-name:value = 'example.com'] REPEATS 5 TIMES WITHIN 1800 SECONDS",
  "[ipv4-addr:value ISSUBSET '198.51.100.0/24']",
  "([url:value = 'a'] OR [url:value = 'b']) START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'",
  "[x509-certificate:issuer = 'CN=WEBMAIL' AND x509-certificate:serial_number NOT IN ('4c:0b', '4c:0c')]",
  "[process:pid = 4 OR (process:name LIKE 'svc%' AND process:pid > -1)]",
  "[file:size >= 1024 AND file:magic_number_hex = h'ffd8']",
  "[artifact:payload_bin = b'aGVsbG8=']",
  "[url:value = 'it\\'s']",
  "([url:value = 'x'] WITHIN 5 SECONDS) WITHIN 6 SECONDS",
])('accepts %s', (pattern) => {
  expect(checkStixPattern(pattern)).toEqual({ ok: true, value: undefined });
});

test.each([
  ['url:value = 1', 'expected "[" or "("', 0],
  ["[url:value = 'x'", 'expected "]"', 16],
  ["[url:value 'x']", 'comparison operator', 11],
  ["[url:value = 'x' AND domain-name:value = 'y']", 'one object type', 1],
  ["[url:value = 'x'] WITHIN 0 SECONDS", 'positive', 25],
  ["[url:value = 'x'] REPEATS 2.5 TIMES", 'positive number', 26],
  ['[url:value = "x"]', 'unexpected character', 13],
  ['[url:value > true]', 'orderable literal', 13],
  ["[url:value = 'x'] and [url:value = 'y']", 'AND, OR, FOLLOWEDBY', 18],
  ["[file:hashes.SHA-256 = 'x']", 'expected a property name, found "SHA-256"', 13],
  ["[url:value = t'2016-13-01T00:00:00Z']", 'expected a literal, found "t"', 13],
  ['', 'expected "[" or "("', 0],
  ["[url:value = 'x'] WITHIN 5 SECONDS WITHIN 6 SECONDS", 'WITHIN is applied twice', 35],
])('rejects %s', (pattern, message, offset) => {
  const result = checkStixPattern(pattern);
  expect(result.ok).toBe(false);
  if (!result.ok) {
    expect(result.error.message).toContain(message);
    expect(result.error.offset).toBe(offset);
  }
});

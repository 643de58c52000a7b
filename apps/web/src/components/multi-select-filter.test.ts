import fc from 'fast-check';
import { expect, test } from 'vitest';
import { filterOptions, foldForSearch } from './multi-select-filter';

const ORGANISATIONS = [
  { value: '1', label: 'BallotTech Systems', detail: 'vendor' },
  { value: '2', label: 'Civic Watch Valdoria', detail: 'civil-society' },
  { value: '3', label: 'Commission électorale', detail: 'election-authority' },
  { value: '4', label: 'Northern Province Election Office', detail: 'election-authority' },
  { value: '5', label: 'Valdoria National Police', detail: 'government-agency' },
  { value: '6', label: 'Police nationale', detail: 'government-agency' },
];

const labels = (query: string) => filterOptions(ORGANISATIONS, query).map((o) => o.label);

test('every word must match, in any order, ignoring case and accents', () => {
  expect(labels('nat pol')).toEqual(['Valdoria National Police', 'Police nationale']);
  expect(labels('ELECTORALE')).toEqual(['Commission électorale']);
  // The detail is searched too (election-authority), but ranks after a label's word.
  expect(labels('électi')).toEqual(['Northern Province Election Office', 'Commission électorale']);
  expect(labels('vendor')).toEqual(['BallotTech Systems']);
  expect(labels('police zzz')).toEqual([]);
});

test('labels starting with the first word come first, then a word starting with it, then the rest', () => {
  // "Police nationale" starts with it; "Valdoria National Police" has a word starting with it.
  expect(labels('police')).toEqual(['Police nationale', 'Valdoria National Police']);
  // "elect": a word of "Northern Province Election Office" and "Commission électorale" starts with it;
  // "election-authority" (detail only) does not count for the rank.
  expect(labels('elect')).toEqual(['Commission électorale', 'Northern Province Election Office']);
  expect(labels('ice')).toEqual(['Northern Province Election Office', 'Valdoria National Police', 'Police nationale']);
});

test('an empty or blank query keeps every option in order', () => {
  expect(labels('')).toEqual(ORGANISATIONS.map((o) => o.label));
  expect(labels('   ')).toEqual(ORGANISATIONS.map((o) => o.label));
});

test('folding removes accents and case only', () => {
  expect(foldForSearch('Électorale ÉTAT Çà')).toBe('electorale etat ca');
});

test('property: results are a subset without repeats, each containing every query word, and a longer query never finds more', () => {
  const option = fc.record({ value: fc.uuid(), label: fc.string({ maxLength: 20 }) });
  fc.assert(
    fc.property(fc.uniqueArray(option, { selector: (o) => o.value, maxLength: 30 }), fc.string({ maxLength: 6 }), fc.string({ maxLength: 3 }), (options, query, more) => {
      const found = filterOptions(options, query);
      expect(new Set(found.map((o) => o.value)).size).toBe(found.length);
      for (const o of found) {
        expect(options).toContain(o);
        for (const term of foldForSearch(query).split(/\s+/).filter(Boolean)) expect(foldForSearch(o.label)).toContain(term);
      }
      const narrower = new Set(filterOptions(options, `${query}${more}`).map((o) => o.value));
      // Appending to the query narrows (or keeps) the set of matches.
      for (const value of narrower) expect(found.map((o) => o.value)).toContain(value);
    }),
  );
});

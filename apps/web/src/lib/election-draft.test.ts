import { NewElectionSchema } from '@vigil/domain';
import { expect, test } from 'vitest';
import { electionBody, filledMilestones } from './election-draft';

const jurisdiction = '6f1c2a9e-0000-4000-8000-000000000001';

test('milestones keep calendar order and skip empty dates', () => {
  expect(
    filledMilestones({ certification: '2027-05-20', 'election-day': '2027-05-09', canvass: '' }),
  ).toEqual(['election-day', 'certification']);
});

test('a filled draft becomes a valid request', () => {
  const body = electionBody({
    name: 'General election',
    jurisdictionId: jurisdiction,
    dates: { 'registration-deadline': '2027-04-01', 'election-day': '2027-05-09' },
    contests: [
      {
        key: 1,
        name: 'President',
        jurisdictionId: '',
        seats: '',
        votesAllowed: '1',
        choices: 'Alice\n\n Bob \n',
      },
    ],
  });
  expect(body.contests?.[0]).toEqual({
    name: 'President',
    jurisdictionId: jurisdiction,
    seats: undefined,
    votesAllowed: 1,
    choices: ['Alice', 'Bob'],
  });
  expect(NewElectionSchema.safeParse(body).success).toBe(true);
});

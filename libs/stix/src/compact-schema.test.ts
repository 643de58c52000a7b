import { expect, test } from 'vitest';
import { compactSchema } from './compact-schema';

test('drops annotations but keeps properties that happen to be named like them', () => {
  const schema = {
    title: 'report',
    description: 'A report.',
    properties: {
      description: { type: 'string', description: 'The description property.' },
      title: { type: 'string' },
    },
    enum: [{ description: 'data, not an annotation' }],
    required: ['description'],
  };
  expect(compactSchema(schema)).toEqual({
    properties: { description: { type: 'string' }, title: { type: 'string' } },
    enum: [{ description: 'data, not an annotation' }],
    required: ['description'],
  });
});

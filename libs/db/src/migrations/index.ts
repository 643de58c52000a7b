import type { Migration } from 'kysely';
import * as foundation from './0001-foundation';
import * as sharing from './0002-sharing';
import * as detect from './0003-detect';
import * as respondReports from './0004-respond-reports';
import * as respondCases from './0005-respond-cases';
import * as respondEscalation from './0006-respond-escalation';
import * as respondSettings from './0008-respond-settings';
import * as shareSearch from './0009-share-search';
import * as shareWordSearch from './0010-share-word-search';
import * as jobHeartbeat from './0011-job-heartbeat';

/**
 * Every migration, in order. Names sort lexically; never rename or edit one that has
 * shipped — add a new one.
 */
export const migrations: Readonly<Record<string, Migration>> = {
  '0001-foundation': foundation,
  '0002-sharing': sharing,
  '0003-detect': detect,
  '0004-respond-reports': respondReports,
  '0005-respond-cases': respondCases,
  '0006-respond-escalation': respondEscalation,
  '0008-respond-settings': respondSettings,
  '0009-share-search': shareSearch,
  '0010-share-word-search': shareWordSearch,
  '0011-job-heartbeat': jobHeartbeat,
};
